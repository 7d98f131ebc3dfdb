package org.sv2j.messages.common;

import org.sv2j.messages.AnyMessage;

/**
 * A message of the common subprotocol: one of the records of this package. The interface is
 * sealed, so a {@code switch} over it is checked for completeness.
 */
public sealed interface CommonMessage extends AnyMessage
    permits SetupConnection, SetupConnectionSuccess, SetupConnectionError, ChannelEndpointChanged, Reconnect {}
