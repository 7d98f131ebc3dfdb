package org.sv2j.messages;

/**
 * One message type of the reference, as the registry lists it ({@link Sv2Messages#types()}).
 *
 * @param name the reference's struct name, such as {@code SubmitSharesStandard}
 * @param subprotocol {@code common}, {@code mining}, {@code template_distribution}, {@code job_declaration}
 *     or {@code extensions_negotiation}
 * @param extensionType the extension type (without the channel bit)
 * @param msgType the message type
 * @param channelMsg whether its frames set the channel bit
 * @param messageClass the record that holds it
 */
public record MessageType(
    String name, String subprotocol, int extensionType, int msgType, boolean channelMsg, Class<? extends AnyMessage> messageClass) {}
