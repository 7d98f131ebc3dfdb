package org.sv2j.messages.mining;

import org.sv2j.messages.AnyMessage;

/**
 * A message of the mining subprotocol: one of the records of this package. The interface is
 * sealed, so a {@code switch} over it is checked for completeness.
 */
public sealed interface MiningMessage extends AnyMessage
    permits OpenStandardMiningChannel, OpenStandardMiningChannelSuccess, OpenMiningChannelError, OpenExtendedMiningChannel, OpenExtendedMiningChannelSuccess, NewMiningJob, UpdateChannel, UpdateChannelError, CloseChannel, SetExtranoncePrefix, SubmitSharesStandard, SubmitSharesExtended, SubmitSharesSuccess, SubmitSharesError, NewExtendedMiningJob, SetNewPrevHash, SetTarget, SetCustomMiningJob, SetCustomMiningJobSuccess, SetCustomMiningJobError, SetGroupChannel {}
