import { common, ledger, msp, peer } from '@hyperledger/fabric-protos';
import { createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import { computeTxId } from '../../protoutil/transaction';
import type { VerifiedIdentity } from '../../endorser/ports';

/** A bare P-256 identity for validator tests: the MSP layer is tested on its own. */
export class TestIdentity implements VerifiedIdentity {
  private readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly serialized: Uint8Array;

  constructor(readonly mspId: string, readonly name: string) {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = pair.privateKey;
    this.publicKey = createPublicKey(pair.privateKey);
    const identity = new msp.SerializedIdentity();
    identity.setMspid(mspId);
    identity.setIdBytes(Buffer.from(`${name}:${this.publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`));
    this.serialized = identity.serializeBinary();
  }

  sign(message: Uint8Array): Uint8Array {
    return sign('sha256', message, this.privateKey);
  }

  verify(message: Uint8Array, signature: Uint8Array): boolean {
    return verify('sha256', message, this.publicKey, signature);
  }
}

export interface KvWriteSpec {
  readonly key: string;
  readonly value?: string;
  readonly isDelete?: boolean;
}

export interface TransactionSpec {
  readonly creator: TestIdentity;
  readonly endorsers: readonly TestIdentity[];
  readonly reads?: readonly { key: string; version?: { blockNum: number; txNum: number } }[];
  readonly writes?: readonly KvWriteSpec[];
  readonly validationParameterWrites?: readonly { key: string; policy: Uint8Array }[];
  readonly rangeQueries?: readonly { start: string; end: string; exhausted: boolean; reads: { key: string; version: { blockNum: number; txNum: number } }[] }[];
  readonly channel?: string;
  readonly chaincode?: string;
  readonly nonce?: Uint8Array;
  readonly tamperCreatorSignature?: boolean;
}

let nonceCounter = 0;

/** Builds a signed endorser transaction envelope the way a Fabric client and peers would. */
export function buildTransaction(spec: TransactionSpec): { envelope: Uint8Array; txId: string } {
  nonceCounter += 1;
  const nonce = spec.nonce ?? Buffer.from(`nonce-${nonceCounter}`.padEnd(24, '.'));
  const txId = computeTxId(nonce, spec.creator.serialized);
  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(common.HeaderType.ENDORSER_TRANSACTION);
  channelHeader.setChannelId(spec.channel ?? 'mobility');
  channelHeader.setTxId(txId);
  const timestamp = new Timestamp();
  timestamp.setSeconds(1_767_225_600);
  channelHeader.setTimestamp(timestamp);
  const signatureHeader = new common.SignatureHeader();
  signatureHeader.setCreator(spec.creator.serialized);
  signatureHeader.setNonce(nonce);
  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  header.setSignatureHeader(signatureHeader.serializeBinary());

  const kv = new ledger.rwset.kvrwset.KVRWSet();
  kv.setReadsList((spec.reads ?? []).map(({ key, version }) => kvRead(key, version)));
  kv.setWritesList(
    (spec.writes ?? []).map(({ key, value, isDelete }) => {
      const write = new ledger.rwset.kvrwset.KVWrite();
      write.setKey(key);
      write.setIsDelete(isDelete ?? false);
      write.setValue(Buffer.from(value ?? ''));
      return write;
    }),
  );
  kv.setMetadataWritesList(
    (spec.validationParameterWrites ?? []).map(({ key, policy }) => {
      const entry = new ledger.rwset.kvrwset.KVMetadataEntry();
      entry.setName('VALIDATION_PARAMETER');
      entry.setValue(policy);
      const write = new ledger.rwset.kvrwset.KVMetadataWrite();
      write.setKey(key);
      write.setEntriesList([entry]);
      return write;
    }),
  );
  kv.setRangeQueriesInfoList(
    (spec.rangeQueries ?? []).map((query) => {
      const info = new ledger.rwset.kvrwset.RangeQueryInfo();
      info.setStartKey(query.start);
      info.setEndKey(query.end);
      info.setItrExhausted(query.exhausted);
      const raw = new ledger.rwset.kvrwset.QueryReads();
      raw.setKvReadsList(query.reads.map(({ key, version }) => kvRead(key, version)));
      info.setRawReads(raw);
      return info;
    }),
  );
  const nsRwset = new ledger.rwset.NsReadWriteSet();
  nsRwset.setNamespace(spec.chaincode ?? 'mobility');
  nsRwset.setRwset(kv.serializeBinary());
  const rwset = new ledger.rwset.TxReadWriteSet();
  rwset.setDataModel(ledger.rwset.TxReadWriteSet.DataModel.KV);
  rwset.setNsRwsetList([nsRwset]);

  const chaincodeId = new peer.ChaincodeID();
  chaincodeId.setName(spec.chaincode ?? 'mobility');
  chaincodeId.setVersion('1.0');
  const response = new peer.Response();
  response.setStatus(200);
  const action = new peer.ChaincodeAction();
  action.setResults(rwset.serializeBinary());
  action.setResponse(response);
  action.setChaincodeId(chaincodeId);
  const responsePayload = new peer.ProposalResponsePayload();
  responsePayload.setProposalHash(Buffer.alloc(32, 1));
  responsePayload.setExtension$(action.serializeBinary());
  const payloadBytes = responsePayload.serializeBinary();
  const endorsements = spec.endorsers.map((endorser) => {
    const endorsement = new peer.Endorsement();
    endorsement.setEndorser(endorser.serialized);
    endorsement.setSignature(endorser.sign(Buffer.concat([payloadBytes, endorser.serialized])));
    return endorsement;
  });
  const endorsed = new peer.ChaincodeEndorsedAction();
  endorsed.setProposalResponsePayload(payloadBytes);
  endorsed.setEndorsementsList(endorsements);
  const actionPayload = new peer.ChaincodeActionPayload();
  actionPayload.setAction(endorsed);
  const transactionAction = new peer.TransactionAction();
  transactionAction.setHeader(header.getSignatureHeader_asU8());
  transactionAction.setPayload(actionPayload.serializeBinary());
  const transaction = new peer.Transaction();
  transaction.setActionsList([transactionAction]);
  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(transaction.serializeBinary());
  const envelope = new common.Envelope();
  const payloadBytesForSigning = payload.serializeBinary();
  envelope.setPayload(payloadBytesForSigning);
  const signature = Buffer.from(spec.creator.sign(payloadBytesForSigning));
  if (spec.tamperCreatorSignature) signature.writeUInt8(signature.readUInt8(signature.length - 1) ^ 0x01, signature.length - 1);
  envelope.setSignature(signature);
  return { envelope: envelope.serializeBinary(), txId };
}

function kvRead(key: string, version?: { blockNum: number; txNum: number }): ledger.rwset.kvrwset.KVRead {
  const read = new ledger.rwset.kvrwset.KVRead();
  read.setKey(key);
  if (version) {
    const v = new ledger.rwset.kvrwset.Version();
    v.setBlockNum(version.blockNum);
    v.setTxNum(version.txNum);
    read.setVersion(v);
  }
  return read;
}

export function blockOf(number: number, envelopes: readonly Uint8Array[]): common.Block {
  const header = new common.BlockHeader();
  header.setNumber(number);
  const data = new common.BlockData();
  data.setDataList([...envelopes]);
  const block = new common.Block();
  block.setHeader(header);
  block.setData(data);
  return block;
}
