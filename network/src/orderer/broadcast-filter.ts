/**
 * The checks Fabric 2.5's orderer applies to a broadcast envelope before ordering it
 * (broadcast.Handler.ProcessMessage, Registrar.BroadcastChannelSupport and the standard channel
 * filters: empty message, size, signature against /Channel/Writers), with Fabric's status codes and messages.
 */
import { common } from '@hyperledger/fabric-protos';
import { type BatchConfig, MessageTooLargeError, checkMessageSize } from './blockcutter';

/** protoutil.SignedData of an envelope: the payload signed by the creator in its signature header. */
export interface EnvelopeSignedData {
  readonly data: Uint8Array;
  readonly identity: Uint8Array;
  readonly signature: Uint8Array;
}

/** Evaluates /Channel/Writers for the envelope's signer; throws with the policy failure when not satisfied. */
export type WritersCheck = (signedData: EnvelopeSignedData) => void;

export interface BroadcastRejection {
  readonly status: number;
  readonly info: string;
}

export interface AcceptedMessage {
  /** The envelope as it will be stored in the block (canonical protobuf encoding). */
  readonly bytes: Uint8Array;
  /** len(payload) + len(signature), Fabric's message size. */
  readonly size: number;
  readonly txId: string;
}

export interface BroadcastFilterConfig {
  readonly channelId: string;
  readonly batch: BatchConfig;
  readonly checkWriters?: WritersCheck;
}

const CONFIG_TYPES: ReadonlySet<number> = new Set([common.HeaderType.CONFIG, common.HeaderType.ORDERER_TRANSACTION]);

function reject(status: number, info: string): BroadcastRejection {
  return { status, info };
}

function parseEnvelope(input: common.Envelope | Uint8Array): common.Envelope {
  return input instanceof Uint8Array ? common.Envelope.deserializeBinary(input) : input;
}

/** protoutil.ChannelHeader with Fabric's error texts. */
function channelHeaderOf(payload: common.Payload): common.ChannelHeader {
  const header = payload.getHeader();
  if (!header) throw new Error('header not set');
  const channelHeaderBytes = header.getChannelHeader_asU8();
  if (channelHeaderBytes.length === 0) throw new Error('channel header not set');
  try {
    return common.ChannelHeader.deserializeBinary(channelHeaderBytes);
  } catch (error) {
    throw new Error(`error unmarshalling channel header: ${(error as Error).message}`);
  }
}

/** Returns the message to order, or the BroadcastResponse status and info Fabric would answer with. */
export function filterBroadcast(input: common.Envelope | Uint8Array, config: BroadcastFilterConfig): AcceptedMessage | BroadcastRejection {
  let envelope: common.Envelope;
  let payload: common.Payload;
  let channelHeader: common.ChannelHeader;
  try {
    envelope = parseEnvelope(input);
  } catch (error) {
    return reject(common.Status.BAD_REQUEST, `error unmarshalling Envelope: ${(error as Error).message}`);
  }
  const payloadBytes = envelope.getPayload_asU8();
  const signature = envelope.getSignature_asU8();
  try {
    payload = common.Payload.deserializeBinary(payloadBytes);
    channelHeader = channelHeaderOf(payload);
  } catch (error) {
    return reject(common.Status.BAD_REQUEST, `could not determine channel ID: ${(error as Error).message}`);
  }

  if (channelHeader.getChannelId() !== config.channelId) {
    // Without a system channel, Fabric 2.5 answers any unknown channel this way.
    return reject(common.Status.BAD_REQUEST, 'channel creation request not allowed because the orderer system channel is not defined');
  }
  if (CONFIG_TYPES.has(channelHeader.getType())) {
    return reject(common.Status.BAD_REQUEST, 'message is of type that cannot be processed directly');
  }
  if (channelHeader.getType() === common.HeaderType.CONFIG_UPDATE) {
    return reject(common.Status.BAD_REQUEST, 'config updates are not supported by the embedded ordering service');
  }
  if (payloadBytes.length === 0) return reject(common.Status.BAD_REQUEST, 'Message was empty');

  const size = payloadBytes.length + signature.length;
  try {
    checkMessageSize(size, config.batch);
  } catch (error) {
    if (error instanceof MessageTooLargeError) return reject(common.Status.BAD_REQUEST, error.message);
    throw error;
  }

  if (config.checkWriters) {
    try {
      const signatureHeader = common.SignatureHeader.deserializeBinary(payload.getHeader()?.getSignatureHeader_asU8() ?? new Uint8Array());
      config.checkWriters({ data: payloadBytes, identity: signatureHeader.getCreator_asU8(), signature });
    } catch (error) {
      // errors.Wrap(ErrPermissionDenied, cause) in msgprocessor.SigFilter.
      return reject(common.Status.FORBIDDEN, `${(error as Error).message}: permission denied`);
    }
  }

  return { bytes: envelope.serializeBinary(), size, txId: channelHeader.getTxId() };
}

export function isRejection(result: AcceptedMessage | BroadcastRejection): result is BroadcastRejection {
  return 'status' in result;
}
