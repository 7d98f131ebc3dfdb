package org.sv2j.messages.templates;

import org.sv2j.messages.AnyMessage;

/**
 * A message of the template distribution subprotocol: one of the records of this package. The interface is
 * sealed, so a {@code switch} over it is checked for completeness.
 */
public sealed interface TemplateDistributionMessage extends AnyMessage
    permits CoinbaseOutputConstraints, NewTemplate, SetNewPrevHash, RequestTransactionData, RequestTransactionDataSuccess, RequestTransactionDataError, SubmitSolution {}
