/**
 * The checks a committing peer makes of an endorser transaction that do not depend on world state
 * (core/common/validation/msgvalidation.go, VSCC signature part): header and channel, txID, creator
 * certificate and signature, one action whose proposal hash matches, and every endorsement signed by
 * a valid channel identity over proposal_response_payload || endorser. Policies are the caller's.
 */
import { createHash } from 'node:crypto';
import { common } from '@hyperledger/fabric-protos';
import { computeTxId, parseTransaction, type ChaincodeActionInfo, type ParsedTransaction } from '@mobility-ledger/network/dist/protoutil/transaction';
import type { VerifiedIdentity } from './channel-identities';
import type { ChannelTrust } from './channel-trust';
import { reject, VerificationError, type RejectionReason } from './verification-error';

export interface CheckedTransaction {
  readonly parsed: ParsedTransaction;
  readonly action: ChaincodeActionInfo;
  readonly txId: string;
  readonly timestampMs: number;
  readonly creator: VerifiedIdentity;
  readonly endorsers: readonly VerifiedIdentity[];
}

export function timestampMsOf(parsed: ParsedTransaction): number | undefined {
  const timestamp = parsed.channelHeader.timestamp;
  return timestamp ? timestamp.seconds * 1000 + Math.floor(timestamp.nanos / 1e6) : undefined;
}

function identify(trust: ChannelTrust, serialized: Uint8Array, atMs: number, who: string, blockNumber: number): VerifiedIdentity {
  try {
    return trust.identities.identify(serialized, atMs);
  } catch (error) {
    if (error instanceof VerificationError) reject(error.reason, `${who}: ${error.message.replace(/^[A-Z_]+: /, '')}`, blockNumber);
    throw error;
  }
}

/** GetProposalHash2: SHA-256(channel header || action signature header || chaincode proposal payload). */
function proposalHash(parsed: ParsedTransaction, action: ChaincodeActionInfo): Buffer {
  return createHash('sha256').update(parsed.channelHeaderBytes).update(action.actionHeader).update(action.chaincodeProposalPayload).digest();
}

export function checkEndorserTransaction(envelopeBytes: Uint8Array, trust: ChannelTrust, blockNumber: number, what = 'transaction'): CheckedTransaction {
  const fail = (reason: RejectionReason, message: string): never => reject(reason, `${what}: ${message}`, blockNumber);
  let parsed: ParsedTransaction;
  try {
    parsed = parseTransaction(envelopeBytes);
  } catch (error) {
    return fail('TRANSACTION_FORMAT', (error as Error).message);
  }
  const { channelHeader, signatureHeader } = parsed;
  if (channelHeader.type !== common.HeaderType.ENDORSER_TRANSACTION) fail('TRANSACTION_FORMAT', `header type ${channelHeader.type} is not an endorser transaction`);
  if (channelHeader.channelId !== trust.channelId) fail('TRANSACTION_FORMAT', `channel '${channelHeader.channelId}' is not '${trust.channelId}'`);
  const txId = channelHeader.txId;
  if (computeTxId(signatureHeader.nonce, signatureHeader.creator) !== txId) fail('TX_ID', `txID ${txId} is not SHA-256(nonce || creator)`);
  const timestampMs = timestampMsOf(parsed) ?? fail('TRANSACTION_FORMAT', 'channel header has no timestamp');
  const creator = identify(trust, signatureHeader.creator, timestampMs, `${what} creator`, blockNumber);
  if (!creator.verify(parsed.payloadBytes, parsed.signature)) fail('CREATOR_SIGNATURE', `signature of ${creator.mspId} '${creator.commonName}' does not verify`);
  const actions = parsed.actions ?? [];
  const action = actions[0];
  if (!action || actions.length !== 1) return fail('TRANSACTION_FORMAT', `expected exactly one action, found ${actions.length}`);
  if (!proposalHash(parsed, action).equals(action.proposalHash)) fail('PROPOSAL_HASH', 'proposal hash in the endorsed response does not match the proposal');
  if (action.endorsements.length === 0) fail('ENDORSEMENT_SIGNATURE', 'the transaction carries no endorsement');
  const endorsers = action.endorsements.map((endorsement, index) => {
    const endorser = identify(trust, endorsement.endorser, timestampMs, `${what} endorsement ${index}`, blockNumber);
    const signed = Buffer.concat([action.proposalResponsePayloadBytes, endorsement.endorser]);
    if (!endorser.verify(signed, endorsement.signature)) fail('ENDORSEMENT_SIGNATURE', `endorsement ${index} by ${endorser.mspId} '${endorser.commonName}' does not verify`);
    return endorser;
  });
  return { parsed, action, txId, timestampMs, creator, endorsers };
}
