/**
 * One transaction as a trail shows it, decoded from its block: position, time, submitting org and
 * device(s), function and arguments, endorsing orgs, what it wrote and the committing peer's
 * validation code.
 */
import { common, peer } from '@hyperledger/fabric-protos';
import { isKvWriteDelete, parseTransaction, type ChaincodeActionInfo } from '@mobility-ledger/network/dist/protoutil/transaction';
import { deviceRequestsIn, type DeviceRequestRef } from './device-requests';
import { displayKey } from './display-key';
import { identityName, type IdentityName } from './identity-names';
import { validationCodeName } from './validation-codes';

export interface WrittenKey {
  readonly namespace: string;
  readonly key: string;
  readonly display: string;
  readonly isDelete: boolean;
}

export interface TransactionSummary {
  readonly blockNumber: number;
  readonly txNumber: number;
  readonly txId: string;
  readonly headerType: 'endorser' | 'config' | 'other';
  readonly timestamp: string | undefined;
  readonly validationCode: number;
  readonly validation: string;
  readonly submitter: IdentityName;
  readonly devices: readonly DeviceRequestRef[];
  readonly chaincode: string | undefined;
  readonly function: string | undefined;
  readonly args: readonly string[];
  readonly endorsers: readonly IdentityName[];
  readonly writes: readonly WrittenKey[];
}

const UTF8 = new TextDecoder('utf-8', { fatal: false });

/** The invocation's arguments (args[0] is the function name) from the chaincode proposal payload. */
export function invocationArgs(action: ChaincodeActionInfo): string[] {
  try {
    const payload = peer.ChaincodeProposalPayload.deserializeBinary(action.chaincodeProposalPayload);
    const spec = peer.ChaincodeInvocationSpec.deserializeBinary(payload.getInput_asU8()).getChaincodeSpec();
    return (spec?.getInput()?.getArgsList_asU8() ?? []).map((arg) => UTF8.decode(arg));
  } catch {
    return [];
  }
}

function writesOf(action: ChaincodeActionInfo): WrittenKey[] {
  return action.rwset.nsRwSets.flatMap((ns) =>
    ns.kvRwSet.writes.map((write) => ({ namespace: ns.namespace, key: write.key, display: displayKey(write.key), isDelete: isKvWriteDelete(write) })),
  );
}

function timestampOf(seconds: number, nanos: number): string {
  return new Date(seconds * 1000 + Math.floor(nanos / 1e6)).toISOString();
}

export function summarizeTransaction(envelope: Uint8Array, blockNumber: number, txNumber: number, validationCode: number): TransactionSummary {
  const base = { blockNumber, txNumber, validationCode, validation: validationCodeName(validationCode) };
  let parsed: ReturnType<typeof parseTransaction>;
  try {
    parsed = parseTransaction(envelope);
  } catch {
    return { ...base, txId: '', headerType: 'other', timestamp: undefined, submitter: { mspId: '', commonName: '' }, devices: [], chaincode: undefined, function: undefined, args: [], endorsers: [], writes: [] };
  }
  const { channelHeader } = parsed;
  const headerType = channelHeader.type === common.HeaderType.ENDORSER_TRANSACTION ? 'endorser' : channelHeader.type === common.HeaderType.CONFIG ? 'config' : 'other';
  const action = parsed.actions?.[0];
  const [fn, ...args] = action ? invocationArgs(action) : [];
  return {
    ...base,
    txId: channelHeader.txId,
    headerType,
    timestamp: channelHeader.timestamp ? timestampOf(channelHeader.timestamp.seconds, channelHeader.timestamp.nanos) : undefined,
    submitter: identityName(parsed.signatureHeader.creator),
    devices: deviceRequestsIn(args),
    chaincode: action?.chaincodeId?.name,
    function: fn,
    args,
    endorsers: action ? action.endorsements.map((endorsement) => identityName(endorsement.endorser)) : [],
    writes: action ? writesOf(action) : [],
  };
}
