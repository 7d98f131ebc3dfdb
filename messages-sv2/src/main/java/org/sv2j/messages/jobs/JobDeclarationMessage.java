package org.sv2j.messages.jobs;

import org.sv2j.messages.AnyMessage;

/**
 * A message of the job declaration subprotocol: one of the records of this package. The interface is
 * sealed, so a {@code switch} over it is checked for completeness.
 */
public sealed interface JobDeclarationMessage extends AnyMessage
    permits AllocateMiningJobToken, AllocateMiningJobTokenSuccess, ProvideMissingTransactions, ProvideMissingTransactionsSuccess, DeclareMiningJob, DeclareMiningJobSuccess, DeclareMiningJobError, PushSolution {}
