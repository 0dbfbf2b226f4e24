/** Signed-looking transaction envelopes for ordering tests (the orderer does not look inside the payload data). */
import { randomBytes } from 'node:crypto';
import { common } from '@hyperledger/fabric-protos';

export interface TestEnvelopeOptions {
  readonly channelId?: string;
  readonly type?: number;
  readonly txId?: string;
  /** Bytes of payload data, to control the message size. */
  readonly dataSize?: number;
  readonly creator?: Uint8Array;
}

export function testEnvelope(options: TestEnvelopeOptions = {}): common.Envelope {
  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(options.type ?? common.HeaderType.ENDORSER_TRANSACTION);
  channelHeader.setChannelId(options.channelId ?? 'mobility');
  channelHeader.setTxId(options.txId ?? randomBytes(32).toString('hex'));
  const signatureHeader = new common.SignatureHeader();
  signatureHeader.setCreator(options.creator ?? Buffer.from('creator'));
  signatureHeader.setNonce(randomBytes(24));
  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  header.setSignatureHeader(signatureHeader.serializeBinary());
  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(randomBytes(options.dataSize ?? 16));
  const envelope = new common.Envelope();
  envelope.setPayload(payload.serializeBinary());
  envelope.setSignature(randomBytes(70));
  return envelope;
}

/** Fabric's message size: len(payload) + len(signature). */
export function messageSize(envelope: common.Envelope): number {
  return envelope.getPayload_asU8().length + envelope.getSignature_asU8().length;
}
