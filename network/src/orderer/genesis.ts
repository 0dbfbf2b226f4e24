/**
 * The channel's genesis block as `configtxgen -outputBlock` makes it for the channel participation API
 * (common/genesis/genesis.go, Fabric 2.5): block 0 holding one unsigned CONFIG envelope whose payload
 * is ConfigEnvelope{config: Config{sequence: 0, channel_group}}, with LAST_CONFIG and SIGNATURES
 * metadata pointing at block 0 and no orderer signature.
 */
import { randomBytes } from 'node:crypto';
import { common } from '@hyperledger/fabric-protos';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import { consortium as defaultConsortium } from '../consortium/consortium';
import { newBlock, setBlockData, setBlockMetadata } from '../protoutil/block';
import { computeTxId } from '../protoutil/transaction';
import { type ChannelConfigInput, channelGroup } from './channel-config';

/** Channel header version genesis.go writes (msgVersion). */
const GENESIS_MESSAGE_VERSION = 1;
const NONCE_SIZE = 24;

export interface GenesisBlockInput extends Omit<ChannelConfigInput, 'definition'> {
  /** The consortium; the project's definition when omitted. */
  readonly definition?: ChannelConfigInput['definition'];
  /** Channel header timestamp (whole seconds, as MakeChannelHeader writes); now when omitted. */
  readonly timestamp?: Date;
  /** Signature header nonce; random when omitted. Fix it (with the timestamp) for reproducible blocks. */
  readonly nonce?: Uint8Array;
}

function channelHeader(channelId: string, txId: string, timestamp: Date): common.ChannelHeader {
  // MakeChannelHeader: whole seconds, zero nanos.
  const time = new Timestamp();
  time.setSeconds(Math.floor(timestamp.getTime() / 1000));
  time.setNanos(0);
  const header = new common.ChannelHeader();
  header.setType(common.HeaderType.CONFIG);
  header.setVersion(GENESIS_MESSAGE_VERSION);
  header.setTimestamp(time);
  header.setChannelId(channelId);
  header.setTxId(txId);
  header.setEpoch(0);
  return header;
}

/** The genesis (config) block of the consortium's channel. */
export function createGenesisBlock(input: GenesisBlockInput): common.Block {
  const definition = input.definition ?? defaultConsortium;
  const nonce = input.nonce ?? new Uint8Array(randomBytes(NONCE_SIZE));

  const config = new common.Config();
  config.setSequence(0);
  config.setChannelGroup(channelGroup({ ...input, definition }));
  const configEnvelope = new common.ConfigEnvelope();
  configEnvelope.setConfig(config);

  // The genesis transaction has no creator: the tx ID is SHA-256 over the nonce alone.
  const signatureHeader = new common.SignatureHeader();
  signatureHeader.setNonce(nonce);
  const header = new common.Header();
  header.setChannelHeader(channelHeader(definition.channelName, computeTxId(nonce, new Uint8Array()), input.timestamp ?? new Date()).serializeBinary());
  header.setSignatureHeader(signatureHeader.serializeBinary());
  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(configEnvelope.serializeBinary());
  const envelope = new common.Envelope();
  envelope.setPayload(payload.serializeBinary());

  const block = newBlock(0, new Uint8Array());
  setBlockData(block, [envelope.serializeBinary()]);

  const lastConfig = new common.LastConfig();
  lastConfig.setIndex(0);
  const lastConfigMetadata = new common.Metadata();
  lastConfigMetadata.setValue(lastConfig.serializeBinary());
  setBlockMetadata(block, common.BlockMetadataIndex.LAST_CONFIG, lastConfigMetadata.serializeBinary());

  const ordererMetadata = new common.OrdererBlockMetadata();
  ordererMetadata.setLastConfig(lastConfig);
  const signaturesMetadata = new common.Metadata();
  signaturesMetadata.setValue(ordererMetadata.serializeBinary());
  setBlockMetadata(block, common.BlockMetadataIndex.SIGNATURES, signaturesMetadata.serializeBinary());
  return block;
}
