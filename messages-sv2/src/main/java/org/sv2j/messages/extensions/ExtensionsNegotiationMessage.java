package org.sv2j.messages.extensions;

import org.sv2j.messages.AnyMessage;

/**
 * A message of the extensions negotiation subprotocol: one of the records of this package. The interface is
 * sealed, so a {@code switch} over it is checked for completeness.
 */
public sealed interface ExtensionsNegotiationMessage extends AnyMessage
    permits RequestExtensions, RequestExtensionsSuccess, RequestExtensionsError {}
