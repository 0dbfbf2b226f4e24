import { status, type ServiceError } from '@grpc/grpc-js';
import { gateway } from '@hyperledger/fabric-protos';
import { expect } from 'chai';
import type { GatewayContext } from './gateway-context';
import { addGatewayService } from './gateway-server';
import { admitAll, MemoryBlocks, startTestServer } from './testing/in-process-grpc';

/** Only what ChaincodeEvents reads; the other members are never touched by this test. */
function eventsContext(): GatewayContext {
  return { channelId: 'mobility', blocks: MemoryBlocks.ofHeight(1), policies: admitAll } as Partial<GatewayContext> as GatewayContext;
}

describe('Gateway service streams', () => {
  it('ends a ChaincodeEvents stream that fails with the error status, details included', async () => {
    const { client, stop } = await startTestServer((server) => addGatewayService(server, eventsContext()));
    try {
      const request = new gateway.ChaincodeEventsRequest();
      request.setChannelId('nosuch');
      request.setChaincodeId('mobility');
      const signed = new gateway.SignedChaincodeEventsRequest();
      signed.setRequest(request.serializeBinary());
      const stream = client.makeServerStreamRequest(
        '/gateway.Gateway/ChaincodeEvents',
        (message: gateway.SignedChaincodeEventsRequest) => Buffer.from(message.serializeBinary()),
        (bytes: Buffer) => gateway.ChaincodeEventsResponse.deserializeBinary(bytes),
        signed,
      );
      const error = await new Promise<ServiceError>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no status within 5 s')), 5_000);
        stream.on('error', (received: ServiceError) => {
          clearTimeout(timer);
          resolve(received);
        });
        stream.on('data', () => reject(new Error('unexpected events')));
        stream.on('end', () => reject(new Error('stream ended without an error status')));
      }).finally(() => stream.cancel());
      expect(error.code).to.equal(status.PERMISSION_DENIED);
      expect(error.details).to.equal('Failed to get policy manager for channel [nosuch]');
    } finally {
      stop();
    }
  });
});

describe('Gateway service unary calls', () => {
  it('aborts the signal of a call the client cancels, not of one already answered', async () => {
    const signals: AbortSignal[] = [];
    const context = {
      channelId: 'mobility',
      policies: admitAll,
      commits: {
        waitForStatus: (txId: string, signal: AbortSignal) => {
          signals.push(signal);
          if (txId === 'committed') return Promise.resolve({ code: 0, blockNumber: 7 });
          return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('cancelled'))));
        },
      },
    } as Partial<GatewayContext> as GatewayContext;
    const { client, stop } = await startTestServer((server) => addGatewayService(server, context));
    const call = (txId: string) => {
      const request = new gateway.CommitStatusRequest();
      request.setChannelId('mobility');
      request.setTransactionId(txId);
      const signed = new gateway.SignedCommitStatusRequest();
      signed.setRequest(request.serializeBinary());
      let cancel = (): void => undefined;
      const response = new Promise<gateway.CommitStatusResponse>((resolve, reject) => {
        const unary = client.makeUnaryRequest(
          '/gateway.Gateway/CommitStatus',
          (message: gateway.SignedCommitStatusRequest) => Buffer.from(message.serializeBinary()),
          (bytes: Buffer) => gateway.CommitStatusResponse.deserializeBinary(bytes),
          signed,
          (error: ServiceError | null, value?: gateway.CommitStatusResponse) => (error ? reject(error) : resolve(value as gateway.CommitStatusResponse)),
        );
        cancel = () => unary.cancel();
      });
      return { response, cancel: () => cancel() };
    };
    const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
    try {
      expect((await call('committed').response).getBlockNumber()).to.equal(7);
      await settle();
      expect(signals[0]?.aborted, 'answered call').to.equal(false);

      const pending = call('pending');
      await settle();
      pending.cancel();
      await pending.response.catch(() => undefined);
      await settle();
      expect(signals[1]?.aborted, 'cancelled call').to.equal(true);
    } finally {
      stop();
    }
  });
});
