import type * as grpc from '@grpc/grpc-js';
import { common, orderer, peer } from '@hyperledger/fabric-protos';
import { expect } from 'chai';
import { admitAll, MemoryBlocks, startTestServer } from '../gateway/testing/in-process-grpc';
import { addDeliverService } from './deliver-service';

function seekEnvelope(channelId: string, start: number): common.Envelope {
  const channelHeader = new common.ChannelHeader();
  channelHeader.setChannelId(channelId);
  channelHeader.setType(common.HeaderType.DELIVER_SEEK_INFO);
  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  header.setSignatureHeader(new common.SignatureHeader().serializeBinary());
  const position = (number: number): orderer.SeekPosition => {
    const specified = new orderer.SeekSpecified();
    specified.setNumber(number);
    const seek = new orderer.SeekPosition();
    seek.setSpecified(specified);
    return seek;
  };
  const seekInfo = new orderer.SeekInfo();
  seekInfo.setStart(position(start));
  seekInfo.setStop(position(Number.MAX_SAFE_INTEGER));
  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(seekInfo.serializeBinary());
  const envelope = new common.Envelope();
  envelope.setPayload(payload.serializeBinary());
  return envelope;
}

/** Opens Deliver from `start`, reads one block, then cancels the stream as a client closing its block events does. */
async function readOneBlockAndCancel(client: grpc.Client, start: number): Promise<number> {
  const stream = client.makeBidiStreamRequest(
    '/protos.Deliver/Deliver',
    (envelope: common.Envelope) => Buffer.from(envelope.serializeBinary()),
    (bytes: Buffer) => peer.DeliverResponse.deserializeBinary(bytes),
  );
  stream.on('error', () => undefined);
  stream.write(seekEnvelope('mobility', start));
  const response = await new Promise<peer.DeliverResponse>((resolve) => stream.once('data', resolve));
  stream.cancel();
  return response.getBlock()?.getHeader()?.getNumber() ?? -1;
}

describe('Deliver service', () => {
  it('survives clients that cancel a stream waiting for future blocks', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    const listeners = process.listeners('unhandledRejection');
    process.removeAllListeners('unhandledRejection');
    process.on('unhandledRejection', onUnhandled);
    const { client, stop } = await startTestServer((server) => addDeliverService(server, { channelId: 'mobility', blocks: MemoryBlocks.ofHeight(2), policies: admitAll }));
    try {
      expect(await readOneBlockAndCancel(client, 1)).to.equal(1);
      // A grace period for a failure that must not happen (the server handles the cancel asynchronously).
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(unhandled, 'unhandled rejections after the cancel').to.deep.equal([]);
      expect(await readOneBlockAndCancel(client, 0)).to.equal(0);
    } finally {
      stop();
      process.removeListener('unhandledRejection', onUnhandled);
      for (const listener of listeners) process.on('unhandledRejection', listener);
    }
  });
});
