/**
 * Small builders of real Fabric protos (envelopes, rwsets, blocks) for ledger tests and the benchmark.
 * They produce what an endorser + orderer would, minus signatures, which the ledger does not check.
 */
import { createHash } from 'node:crypto';
import { common, ledger, peer } from '@hyperledger/fabric-protos';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import { computeTxId, decodeTxPvtRwSet } from '../../protoutil/transaction';
import { committedTxFromEnvelope, type CommittedTx } from '../committed-tx';

const { kvrwset } = ledger.rwset;

export interface FixtureWrite {
  readonly key: string;
  /** Undefined deletes the key. */
  readonly value?: string | Uint8Array;
}

export interface FixtureMetadataWrite {
  readonly key: string;
  readonly entries: Readonly<Record<string, Uint8Array>>;
}

export interface FixtureCollectionWrites {
  readonly collection: string;
  readonly writes: readonly FixtureWrite[];
  /** Keys to purge with PurgePrivateData. */
  readonly purges?: readonly string[];
}

export interface FixtureTx {
  readonly namespace?: string;
  readonly reads?: readonly { key: string; version?: { blockNum: number; txNum: number } }[];
  readonly writes?: readonly FixtureWrite[];
  readonly metadataWrites?: readonly FixtureMetadataWrite[];
  readonly collections?: readonly FixtureCollectionWrites[];
  readonly nonce?: Uint8Array;
  /** Overrides the computed txID (e.g. to build a duplicate). */
  readonly txId?: string;
  readonly timestampSeconds?: number;
}

export interface BuiltTx {
  readonly envelopeBytes: Uint8Array;
  readonly txId: string;
  /** The serialized TxPvtReadWriteSet the endorser would have put in the transient store, if any. */
  readonly pvtRwSetBytes: Uint8Array | undefined;
}

export const FIXTURE_CHANNEL = 'mobility';
export const FIXTURE_CREATOR = new TextEncoder().encode('creator-identity-of-OemMSP');

let nonceCounter = 0;

export function sha256(data: Uint8Array | string): Buffer {
  return createHash('sha256').update(data).digest();
}

/** An endorser transaction envelope with the given public and private writes. */
export function buildEndorserTx(tx: FixtureTx): BuiltTx {
  const namespace = tx.namespace ?? 'mobility';
  const nonce = tx.nonce ?? nextNonce();
  const txId = tx.txId ?? computeTxId(nonce, FIXTURE_CREATOR);

  const kvRwSet = new kvrwset.KVRWSet();
  kvRwSet.setReadsList((tx.reads ?? []).map((read) => kvRead(read.key, read.version)));
  kvRwSet.setWritesList((tx.writes ?? []).map((write) => kvWrite(write)));
  kvRwSet.setMetadataWritesList((tx.metadataWrites ?? []).map(metadataWrite));

  const nsRwSet = new ledger.rwset.NsReadWriteSet();
  nsRwSet.setNamespace(namespace);
  nsRwSet.setRwset(kvRwSet.serializeBinary());

  const nsPvtRwSet = new ledger.rwset.NsPvtReadWriteSet();
  nsPvtRwSet.setNamespace(namespace);
  for (const collection of tx.collections ?? []) {
    const pvtKvRwSet = new kvrwset.KVRWSet();
    const hashed = new kvrwset.HashedRWSet();
    const pvtWrites: ledger.rwset.kvrwset.KVWrite[] = [];
    const hashedWrites: ledger.rwset.kvrwset.KVWriteHash[] = [];
    for (const write of collection.writes) {
      pvtWrites.push(kvWrite(write));
      hashedWrites.push(kvWriteHash(write.key, write.value, false));
    }
    for (const key of collection.purges ?? []) {
      pvtWrites.push(kvWrite({ key }));
      hashedWrites.push(kvWriteHash(key, undefined, true));
    }
    pvtKvRwSet.setWritesList(pvtWrites);
    hashed.setHashedWritesList(hashedWrites);
    const pvtBytes = pvtKvRwSet.serializeBinary();

    const collHashed = new ledger.rwset.CollectionHashedReadWriteSet();
    collHashed.setCollectionName(collection.collection);
    collHashed.setHashedRwset(hashed.serializeBinary());
    collHashed.setPvtRwsetHash(sha256(pvtBytes));
    nsRwSet.addCollectionHashedRwset(collHashed);

    const collPvt = new ledger.rwset.CollectionPvtReadWriteSet();
    collPvt.setCollectionName(collection.collection);
    collPvt.setRwset(pvtBytes);
    nsPvtRwSet.addCollectionPvtRwset(collPvt);
  }

  const txRwSet = new ledger.rwset.TxReadWriteSet();
  txRwSet.setDataModel(ledger.rwset.TxReadWriteSet.DataModel.KV);
  txRwSet.setNsRwsetList([nsRwSet]);

  let pvtRwSetBytes: Uint8Array | undefined;
  if ((tx.collections ?? []).length > 0) {
    const txPvt = new ledger.rwset.TxPvtReadWriteSet();
    txPvt.setDataModel(ledger.rwset.TxReadWriteSet.DataModel.KV);
    txPvt.setNsPvtRwsetList([nsPvtRwSet]);
    pvtRwSetBytes = txPvt.serializeBinary();
  }

  const chaincodeId = new peer.ChaincodeID();
  chaincodeId.setName(namespace);
  chaincodeId.setVersion('1.0');
  const response = new peer.Response();
  response.setStatus(200);
  const chaincodeAction = new peer.ChaincodeAction();
  chaincodeAction.setResults(txRwSet.serializeBinary());
  chaincodeAction.setResponse(response);
  chaincodeAction.setChaincodeId(chaincodeId);

  const responsePayload = new peer.ProposalResponsePayload();
  responsePayload.setProposalHash(sha256(txId));
  responsePayload.setExtension$(chaincodeAction.serializeBinary());

  const endorsement = new peer.Endorsement();
  endorsement.setEndorser(FIXTURE_CREATOR);
  endorsement.setSignature(new Uint8Array([1, 2, 3]));
  const endorsedAction = new peer.ChaincodeEndorsedAction();
  endorsedAction.setProposalResponsePayload(responsePayload.serializeBinary());
  endorsedAction.setEndorsementsList([endorsement]);
  const actionPayload = new peer.ChaincodeActionPayload();
  actionPayload.setAction(endorsedAction);

  const signatureHeader = new common.SignatureHeader();
  signatureHeader.setCreator(FIXTURE_CREATOR);
  signatureHeader.setNonce(nonce);
  const action = new peer.TransactionAction();
  action.setHeader(signatureHeader.serializeBinary());
  action.setPayload(actionPayload.serializeBinary());
  const transaction = new peer.Transaction();
  transaction.setActionsList([action]);

  const envelopeBytes = wrapInEnvelope(
    common.HeaderType.ENDORSER_TRANSACTION,
    txId,
    signatureHeader,
    transaction.serializeBinary(),
    tx.timestampSeconds ?? 1_700_000_000,
  );
  return { envelopeBytes, txId, pvtRwSetBytes };
}

/** A CONFIG-typed envelope (contents irrelevant to the ledger's state handling). */
export function buildConfigTx(txId = 'config-tx'): Uint8Array {
  const signatureHeader = new common.SignatureHeader();
  signatureHeader.setCreator(FIXTURE_CREATOR);
  signatureHeader.setNonce(nextNonce());
  return wrapInEnvelope(common.HeaderType.CONFIG, txId, signatureHeader, new Uint8Array([8, 1]), 1_700_000_000);
}

/** A block holding the envelopes, with Fabric's 5 metadata slots and the previous header's hash slot filled. */
export function buildBlock(number: number, envelopes: readonly Uint8Array[], previousHash = new Uint8Array(32)): common.Block {
  const header = new common.BlockHeader();
  header.setNumber(number);
  header.setPreviousHash(previousHash);
  header.setDataHash(sha256(Buffer.concat(envelopes.map((envelope) => Buffer.from(envelope)))));
  const data = new common.BlockData();
  data.setDataList([...envelopes]);
  const metadata = new common.BlockMetadata();
  metadata.setMetadataList([new Uint8Array(), new Uint8Array(), new Uint8Array(), new Uint8Array(), new Uint8Array()]);
  const block = new common.Block();
  block.setHeader(header);
  block.setData(data);
  block.setMetadata(metadata);
  return block;
}

function wrapInEnvelope(
  type: number,
  txId: string,
  signatureHeader: common.SignatureHeader,
  data: Uint8Array,
  timestampSeconds: number,
): Uint8Array {
  const timestamp = new Timestamp();
  timestamp.setSeconds(timestampSeconds);
  timestamp.setNanos(0);
  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(type);
  channelHeader.setChannelId(FIXTURE_CHANNEL);
  channelHeader.setTxId(txId);
  channelHeader.setTimestamp(timestamp);
  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  header.setSignatureHeader(signatureHeader.serializeBinary());
  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(data);
  const envelope = new common.Envelope();
  envelope.setPayload(payload.serializeBinary());
  envelope.setSignature(new Uint8Array([9, 9, 9]));
  return envelope.serializeBinary();
}

function kvRead(key: string, version?: { blockNum: number; txNum: number }): ledger.rwset.kvrwset.KVRead {
  const read = new kvrwset.KVRead();
  read.setKey(key);
  if (version) {
    const v = new kvrwset.Version();
    v.setBlockNum(version.blockNum);
    v.setTxNum(version.txNum);
    read.setVersion(v);
  }
  return read;
}

function kvWrite(write: FixtureWrite): ledger.rwset.kvrwset.KVWrite {
  const kv = new kvrwset.KVWrite();
  kv.setKey(write.key);
  if (write.value === undefined) kv.setIsDelete(true);
  else kv.setValue(toBytes(write.value));
  return kv;
}

function kvWriteHash(key: string, value: string | Uint8Array | undefined, isPurge: boolean): ledger.rwset.kvrwset.KVWriteHash {
  const hashed = new kvrwset.KVWriteHash();
  hashed.setKeyHash(sha256(key));
  if (value === undefined) hashed.setIsDelete(true);
  else hashed.setValueHash(sha256(toBytes(value)));
  hashed.setIsPurge(isPurge);
  return hashed;
}

function metadataWrite(write: FixtureMetadataWrite): ledger.rwset.kvrwset.KVMetadataWrite {
  const kv = new kvrwset.KVMetadataWrite();
  kv.setKey(write.key);
  kv.setEntriesList(
    Object.entries(write.entries).map(([name, value]) => {
      const entry = new kvrwset.KVMetadataEntry();
      entry.setName(name);
      entry.setValue(value);
      return entry;
    }),
  );
  return kv;
}

function toBytes(value: string | Uint8Array): Uint8Array {
  return typeof value === 'string' ? new TextEncoder().encode(value) : value;
}

function nextNonce(): Uint8Array {
  nonceCounter += 1;
  return sha256(`nonce-${nonceCounter}`).subarray(0, 24);
}

/** The CommittedTx a committer would derive from a built transaction (private data given to `pvtOrgs`). */
export function committedTxOf(built: BuiltTx, txNum: number, validationCode: number, pvtOrgs: readonly string[] = []): CommittedTx {
  const pvt = built.pvtRwSetBytes ? decodeTxPvtRwSet(built.pvtRwSetBytes) : undefined;
  // The block number only names the block in the error for a valid transaction that does not parse.
  return {
    ...committedTxFromEnvelope(built.envelopeBytes, Number.NaN, txNum, validationCode),
    ...(pvt && pvtOrgs.length > 0 ? { privateData: new Map(pvtOrgs.map((mspId) => [mspId, pvt])) } : {}),
  };
}

/** A block of built transactions and their CommittedTx list, all with the given codes (default VALID). */
export function blockOf(
  blockNum: number,
  txs: readonly BuiltTx[],
  options: { codes?: readonly number[]; pvtOrgs?: readonly string[] } = {},
): { block: common.Block; committed: CommittedTx[] } {
  return {
    block: buildBlock(blockNum, txs.map((tx) => tx.envelopeBytes)),
    committed: txs.map((tx, i) => committedTxOf(tx, i, options.codes?.[i] ?? peer.TxValidationCode.VALID, options.pvtOrgs)),
  };
}
