/**
 * Pure parsing of transaction envelopes into plain typed structures, following the unwrapping chain of Fabric's
 * protoutil (GetPayload, UnmarshalChannelHeader, GetActionFromEnvelope) and rwsetutil.TxRwSet.FromProtoBytes.
 * Nothing here validates signatures or policies; it only decodes, and throws TransactionFormatError when the
 * bytes do not have the expected shape.
 */
import { createHash } from 'node:crypto';
import { common, ledger, peer } from '@hyperledger/fabric-protos';

const { kvrwset } = ledger.rwset;

export class TransactionFormatError extends Error {
  override name = 'TransactionFormatError';
}

/** A ledger height: (block number, transaction number within the block). */
export interface Version {
  readonly blockNum: number;
  readonly txNum: number;
}

export interface Timestamp {
  readonly seconds: number;
  readonly nanos: number;
}

export interface ChannelHeaderInfo {
  readonly type: number;
  readonly version: number;
  readonly txId: string;
  readonly channelId: string;
  readonly epoch: number;
  readonly timestamp: Timestamp | undefined;
  readonly extension: Uint8Array;
  readonly tlsCertHash: Uint8Array;
}

export interface SignatureHeaderInfo {
  readonly creator: Uint8Array;
  readonly nonce: Uint8Array;
}

export interface ParsedEnvelope {
  readonly payloadBytes: Uint8Array;
  readonly signature: Uint8Array;
  readonly channelHeaderBytes: Uint8Array;
  readonly signatureHeaderBytes: Uint8Array;
  readonly channelHeader: ChannelHeaderInfo;
  readonly signatureHeader: SignatureHeaderInfo;
  /** `Payload.data`: a `peer.Transaction` for endorser transactions, a `ConfigEnvelope` for config. */
  readonly data: Uint8Array;
}

// ---- read/write sets (ledger/rwset and ledger/rwset/kvrwset) ----

export interface KvRead {
  readonly key: string;
  /** Absent when the key did not exist at simulation time. */
  readonly version: Version | undefined;
}

export interface KvWrite {
  readonly key: string;
  readonly isDelete: boolean;
  readonly value: Uint8Array;
}

export interface KvMetadataEntry {
  readonly name: string;
  readonly value: Uint8Array;
}

/** No entries means "delete the key's metadata" (Fabric's nil Entries). */
export interface KvMetadataWrite {
  readonly key: string;
  readonly entries: readonly KvMetadataEntry[];
}

export interface ReadsMerkleSummary {
  readonly maxDegree: number;
  readonly maxLevel: number;
  readonly maxLevelHashes: readonly Uint8Array[];
}

export interface RangeQueryInfo {
  readonly startKey: string;
  readonly endKey: string;
  readonly itrExhausted: boolean;
  readonly rawReads: readonly KvRead[] | undefined;
  readonly readsMerkleHashes: ReadsMerkleSummary | undefined;
}

export interface KvRwSet {
  readonly reads: readonly KvRead[];
  readonly rangeQueriesInfo: readonly RangeQueryInfo[];
  readonly writes: readonly KvWrite[];
  readonly metadataWrites: readonly KvMetadataWrite[];
}

export interface KvReadHash {
  readonly keyHash: Uint8Array;
  readonly version: Version | undefined;
}

export interface KvWriteHash {
  readonly keyHash: Uint8Array;
  readonly isDelete: boolean;
  readonly valueHash: Uint8Array;
  /** Set by PurgePrivateData (Fabric 2.5). */
  readonly isPurge: boolean;
}

export interface KvMetadataWriteHash {
  readonly keyHash: Uint8Array;
  readonly entries: readonly KvMetadataEntry[];
}

export interface HashedRwSet {
  readonly hashedReads: readonly KvReadHash[];
  readonly hashedWrites: readonly KvWriteHash[];
  readonly metadataWrites: readonly KvMetadataWriteHash[];
}

export interface CollHashedRwSet {
  readonly collectionName: string;
  readonly hashedRwSet: HashedRwSet;
  /** SHA-256 of the collection's private `KVRWSet` bytes. */
  readonly pvtRwSetHash: Uint8Array;
}

export interface NsRwSet {
  readonly namespace: string;
  readonly kvRwSet: KvRwSet;
  readonly collHashedRwSets: readonly CollHashedRwSet[];
}

export interface TxRwSet {
  readonly nsRwSets: readonly NsRwSet[];
}

export interface CollPvtRwSet {
  readonly collectionName: string;
  readonly kvRwSet: KvRwSet;
  /** The serialized `KVRWSet` exactly as received; its SHA-256 must equal the hashed rwset's pvtRwSetHash. */
  readonly rwsetBytes: Uint8Array;
}

export interface NsPvtRwSet {
  readonly namespace: string;
  readonly collPvtRwSets: readonly CollPvtRwSet[];
}

export interface TxPvtRwSet {
  readonly nsPvtRwSets: readonly NsPvtRwSet[];
}

// ---- endorser transactions ----

export interface ChaincodeIdInfo {
  readonly name: string;
  readonly version: string;
  readonly path: string;
}

export interface ChaincodeResponseInfo {
  readonly status: number;
  readonly message: string;
  readonly payload: Uint8Array;
}

export interface ChaincodeEventInfo {
  readonly chaincodeId: string;
  readonly txId: string;
  readonly eventName: string;
  readonly payload: Uint8Array;
}

export interface EndorsementInfo {
  readonly endorser: Uint8Array;
  readonly signature: Uint8Array;
}

export interface ChaincodeActionInfo {
  /** `TransactionAction.header`: the serialized SignatureHeader of the proposal. */
  readonly actionHeader: Uint8Array;
  readonly chaincodeProposalPayload: Uint8Array;
  readonly proposalResponsePayloadBytes: Uint8Array;
  readonly proposalHash: Uint8Array;
  readonly endorsements: readonly EndorsementInfo[];
  readonly chaincodeId: ChaincodeIdInfo | undefined;
  readonly response: ChaincodeResponseInfo | undefined;
  /** `ChaincodeAction.results`: serialized `TxReadWriteSet`. */
  readonly resultsBytes: Uint8Array;
  /** `ChaincodeAction.events`: serialized `ChaincodeEvent` (may be empty). */
  readonly eventsBytes: Uint8Array;
  readonly rwset: TxRwSet;
  readonly event: ChaincodeEventInfo | undefined;
}

export interface ParsedTransaction extends ParsedEnvelope {
  /** Present for ENDORSER_TRANSACTION, one per TransactionAction (Fabric uses actions[0]). */
  readonly actions: readonly ChaincodeActionInfo[] | undefined;
}

/** Fabric's txID rule (protoutil.ComputeTxID): hex(SHA-256(nonce || creator)). */
export function computeTxId(nonce: Uint8Array, creator: Uint8Array): string {
  return createHash('sha256').update(nonce).update(creator).digest('hex');
}

/** Decode `common.Envelope` bytes down to the channel and signature headers. */
export function parseEnvelope(envelopeBytes: Uint8Array): ParsedEnvelope {
  const envelope = decode('Envelope', () => common.Envelope.deserializeBinary(envelopeBytes));
  const payloadBytes = envelope.getPayload_asU8();
  if (payloadBytes.length === 0) throw new TransactionFormatError('envelope has no payload');
  const payload = decode('Payload', () => common.Payload.deserializeBinary(payloadBytes));
  const header = payload.getHeader();
  if (!header) throw new TransactionFormatError('payload has no header');
  const channelHeaderBytes = header.getChannelHeader_asU8();
  const signatureHeaderBytes = header.getSignatureHeader_asU8();
  const channelHeader = decode('ChannelHeader', () => common.ChannelHeader.deserializeBinary(channelHeaderBytes));
  const signatureHeader = decode('SignatureHeader', () =>
    common.SignatureHeader.deserializeBinary(signatureHeaderBytes),
  );
  const timestamp = channelHeader.getTimestamp();
  return {
    payloadBytes,
    signature: envelope.getSignature_asU8(),
    channelHeaderBytes,
    signatureHeaderBytes,
    channelHeader: {
      type: channelHeader.getType(),
      version: channelHeader.getVersion(),
      txId: channelHeader.getTxId(),
      channelId: channelHeader.getChannelId(),
      epoch: channelHeader.getEpoch(),
      timestamp: timestamp ? { seconds: timestamp.getSeconds(), nanos: timestamp.getNanos() } : undefined,
      extension: channelHeader.getExtension_asU8(),
      tlsCertHash: channelHeader.getTlsCertHash_asU8(),
    },
    signatureHeader: { creator: signatureHeader.getCreator_asU8(), nonce: signatureHeader.getNonce_asU8() },
    data: payload.getData_asU8(),
  };
}

/** Decode an envelope and, for ENDORSER_TRANSACTION, its actions down to the read/write set. */
export function parseTransaction(envelopeBytes: Uint8Array): ParsedTransaction {
  const envelope = parseEnvelope(envelopeBytes);
  if (envelope.channelHeader.type !== common.HeaderType.ENDORSER_TRANSACTION) {
    return { ...envelope, actions: undefined };
  }
  return { ...envelope, actions: parseEndorserTransactionData(envelope.data) };
}

/** Decode `peer.Transaction` bytes (the payload data of an endorser transaction). */
export function parseEndorserTransactionData(transactionBytes: Uint8Array): ChaincodeActionInfo[] {
  const transaction = decode('Transaction', () => peer.Transaction.deserializeBinary(transactionBytes));
  const actions = transaction.getActionsList();
  if (actions.length === 0) throw new TransactionFormatError('transaction has no actions');
  return actions.map(parseTransactionAction);
}

function parseTransactionAction(action: peer.TransactionAction): ChaincodeActionInfo {
  const actionPayload = decode('ChaincodeActionPayload', () =>
    peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8()),
  );
  const endorsedAction = actionPayload.getAction();
  if (!endorsedAction) throw new TransactionFormatError('chaincode action payload has no endorsed action');
  const proposalResponsePayloadBytes = endorsedAction.getProposalResponsePayload_asU8();
  const responsePayload = decode('ProposalResponsePayload', () =>
    peer.ProposalResponsePayload.deserializeBinary(proposalResponsePayloadBytes),
  );
  const chaincodeAction = decode('ChaincodeAction', () =>
    peer.ChaincodeAction.deserializeBinary(responsePayload.getExtension_asU8()),
  );
  const chaincodeId = chaincodeAction.getChaincodeId();
  const response = chaincodeAction.getResponse();
  const resultsBytes = chaincodeAction.getResults_asU8();
  const eventsBytes = chaincodeAction.getEvents_asU8();
  return {
    actionHeader: action.getHeader_asU8(),
    chaincodeProposalPayload: actionPayload.getChaincodeProposalPayload_asU8(),
    proposalResponsePayloadBytes,
    proposalHash: responsePayload.getProposalHash_asU8(),
    endorsements: endorsedAction.getEndorsementsList().map((endorsement) => ({
      endorser: endorsement.getEndorser_asU8(),
      signature: endorsement.getSignature_asU8(),
    })),
    chaincodeId: chaincodeId
      ? { name: chaincodeId.getName(), version: chaincodeId.getVersion(), path: chaincodeId.getPath() }
      : undefined,
    response: response
      ? { status: response.getStatus(), message: response.getMessage(), payload: response.getPayload_asU8() }
      : undefined,
    resultsBytes,
    eventsBytes,
    rwset: decodeTxRwSet(resultsBytes),
    event: eventsBytes.length === 0 ? undefined : decodeChaincodeEvent(eventsBytes),
  };
}

export function decodeChaincodeEvent(eventBytes: Uint8Array): ChaincodeEventInfo {
  const event = decode('ChaincodeEvent', () => peer.ChaincodeEvent.deserializeBinary(eventBytes));
  return {
    chaincodeId: event.getChaincodeId(),
    txId: event.getTxId(),
    eventName: event.getEventName(),
    payload: event.getPayload_asU8(),
  };
}

/** Decode `rwset.TxReadWriteSet` bytes, including each namespace's KVRWSet and collection hashed rwsets. */
export function decodeTxRwSet(rwsetBytes: Uint8Array): TxRwSet {
  const txRwSet = decode('TxReadWriteSet', () => ledger.rwset.TxReadWriteSet.deserializeBinary(rwsetBytes));
  return {
    nsRwSets: txRwSet.getNsRwsetList().map((nsRwSet) => ({
      namespace: nsRwSet.getNamespace(),
      kvRwSet: decodeKvRwSet(nsRwSet.getRwset_asU8()),
      collHashedRwSets: nsRwSet.getCollectionHashedRwsetList().map((collRwSet) => ({
        collectionName: collRwSet.getCollectionName(),
        hashedRwSet: decodeHashedRwSet(collRwSet.getHashedRwset_asU8()),
        pvtRwSetHash: collRwSet.getPvtRwsetHash_asU8(),
      })),
    })),
  };
}

/** Decode `rwset.TxPvtReadWriteSet` bytes (private data as held in the transient store or pvtdata store). */
export function decodeTxPvtRwSet(pvtRwSetBytes: Uint8Array): TxPvtRwSet {
  const pvtRwSet = decode('TxPvtReadWriteSet', () => ledger.rwset.TxPvtReadWriteSet.deserializeBinary(pvtRwSetBytes));
  return {
    nsPvtRwSets: pvtRwSet.getNsPvtRwsetList().map((nsPvtRwSet) => ({
      namespace: nsPvtRwSet.getNamespace(),
      collPvtRwSets: nsPvtRwSet.getCollectionPvtRwsetList().map((collPvtRwSet) => ({
        collectionName: collPvtRwSet.getCollectionName(),
        kvRwSet: decodeKvRwSet(collPvtRwSet.getRwset_asU8()),
        rwsetBytes: collPvtRwSet.getRwset_asU8(),
      })),
    })),
  };
}

export function decodeKvRwSet(kvRwSetBytes: Uint8Array): KvRwSet {
  return kvRwSetFromProto(decode('KVRWSet', () => kvrwset.KVRWSet.deserializeBinary(kvRwSetBytes)));
}

/** The plain form of an already decoded `KVRWSet`. */
export function kvRwSetFromProto(kvRwSet: ledger.rwset.kvrwset.KVRWSet): KvRwSet {
  return {
    reads: kvRwSet.getReadsList().map(toKvRead),
    rangeQueriesInfo: kvRwSet.getRangeQueriesInfoList().map(toRangeQueryInfo),
    writes: kvRwSet.getWritesList().map((write) => ({
      key: write.getKey(),
      isDelete: write.getIsDelete(),
      value: write.getValue_asU8(),
    })),
    metadataWrites: kvRwSet.getMetadataWritesList().map((metadataWrite) => ({
      key: metadataWrite.getKey(),
      entries: metadataWrite.getEntriesList().map(toMetadataEntry),
    })),
  };
}

export function decodeHashedRwSet(hashedRwSetBytes: Uint8Array): HashedRwSet {
  return hashedRwSetFromProto(decode('HashedRWSet', () => kvrwset.HashedRWSet.deserializeBinary(hashedRwSetBytes)));
}

/** The plain form of an already decoded `HashedRWSet`. */
export function hashedRwSetFromProto(hashedRwSet: ledger.rwset.kvrwset.HashedRWSet): HashedRwSet {
  return {
    hashedReads: hashedRwSet.getHashedReadsList().map((read) => ({
      keyHash: read.getKeyHash_asU8(),
      version: toVersion(read.getVersion()),
    })),
    hashedWrites: hashedRwSet.getHashedWritesList().map((write) => ({
      keyHash: write.getKeyHash_asU8(),
      isDelete: write.getIsDelete(),
      valueHash: write.getValueHash_asU8(),
      isPurge: write.getIsPurge(),
    })),
    metadataWrites: hashedRwSet.getMetadataWritesList().map((metadataWrite) => ({
      keyHash: metadataWrite.getKeyHash_asU8(),
      entries: metadataWrite.getEntriesList().map(toMetadataEntry),
    })),
  };
}

/** Fabric's rwsetutil.IsKVWriteDelete: a delete flag or an empty value both mean delete (FAB-18386). */
export function isKvWriteDelete(write: KvWrite): boolean {
  return write.isDelete || write.value.length === 0;
}

const SHA256_OF_EMPTY = createHash('sha256').digest();

/** Fabric's rwsetutil.IsKVWriteHashDelete: delete flag, empty value hash, or the hash of an empty value. */
export function isKvWriteHashDelete(write: KvWriteHash): boolean {
  return write.isDelete || write.valueHash.length === 0 || SHA256_OF_EMPTY.equals(write.valueHash);
}

function toKvRead(read: ledger.rwset.kvrwset.KVRead): KvRead {
  return { key: read.getKey(), version: toVersion(read.getVersion()) };
}

function toVersion(version: ledger.rwset.kvrwset.Version | undefined): Version | undefined {
  return version ? { blockNum: version.getBlockNum(), txNum: version.getTxNum() } : undefined;
}

function toMetadataEntry(entry: ledger.rwset.kvrwset.KVMetadataEntry): KvMetadataEntry {
  return { name: entry.getName(), value: entry.getValue_asU8() };
}

function toRangeQueryInfo(info: ledger.rwset.kvrwset.RangeQueryInfo): RangeQueryInfo {
  const rawReads = info.getRawReads();
  const merkle = info.getReadsMerkleHashes();
  return {
    startKey: info.getStartKey(),
    endKey: info.getEndKey(),
    itrExhausted: info.getItrExhausted(),
    rawReads: rawReads ? rawReads.getKvReadsList().map(toKvRead) : undefined,
    readsMerkleHashes: merkle
      ? {
          maxDegree: merkle.getMaxDegree(),
          maxLevel: merkle.getMaxLevel(),
          maxLevelHashes: merkle.getMaxLevelHashesList_asU8(),
        }
      : undefined,
  };
}

/** google-protobuf throws assorted errors (or asserts) on malformed input; normalise them to one type. */
function decode<T>(what: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw new TransactionFormatError(`malformed ${what}: ${(error as Error).message}`);
  }
}
