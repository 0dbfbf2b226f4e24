/**
 * Protocol edge cases of the peer-side handler, driven by a scripted chaincode server in this process
 * (the real shim never sends these messages, so they need a counterpart that can misbehave).
 */
import { expect } from 'chai';
import { Server, ServerCredentials, type ServerDuplexStream } from '@grpc/grpc-js';
import { peer } from '@hyperledger/fabric-protos';
import { ChaincodeService } from '@hyperledger/fabric-protos/lib/peer/chaincode_shim_grpc_pb';
import { ChaincodeConnection } from './chaincode-connection';
import { ChaincodeStreamError } from './errors';
import type { ChaincodeHandler } from './handler';
import type { ShimRequestLabels, ShimRequestMetrics } from './shim-request-metrics';
import { InMemoryState } from './testing/in-memory-state';
import { TxSimulator } from './tx-simulator';

const Type = peer.ChaincodeMessage.Type;
type Call = ServerDuplexStream<peer.ChaincodeMessage, peer.ChaincodeMessage>;

type MessageType = peer.ChaincodeMessage.TypeMap[keyof peer.ChaincodeMessage.TypeMap];

function message(type: MessageType, fields: { txid?: string; channel?: string; payload?: Uint8Array } = {}): peer.ChaincodeMessage {
  const msg = new peer.ChaincodeMessage();
  msg.setType(type);
  if (fields.txid) msg.setTxid(fields.txid);
  if (fields.channel) msg.setChannelId(fields.channel);
  if (fields.payload) msg.setPayload(fields.payload);
  return msg;
}

function register(name: string): peer.ChaincodeMessage {
  const id = new peer.ChaincodeID();
  id.setName(name);
  return message(Type.REGISTER, { payload: id.serializeBinary() });
}

/** A chaincode server whose behaviour per connection is a script. */
class ScriptedChaincode {
  private constructor(
    private readonly server: Server,
    readonly address: string,
    /** Messages received, per connection. */
    readonly received: readonly peer.ChaincodeMessage[][],
  ) {}

  static async start(script: (call: Call, received: peer.ChaincodeMessage[]) => void): Promise<ScriptedChaincode> {
    const server = new Server();
    const connections: peer.ChaincodeMessage[][] = [];
    server.addService(ChaincodeService, {
      connect: (call: Call) => {
        const received: peer.ChaincodeMessage[] = [];
        connections.push(received);
        call.on('data', (msg: peer.ChaincodeMessage) => received.push(msg));
        call.on('end', () => call.end());
        script(call, received);
      },
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
    );
    return new ScriptedChaincode(server, `127.0.0.1:${port}`, connections);
  }

  stop(): void {
    this.server.forceShutdown();
  }
}

/** Resolves with the next message the chaincode receives that matches. */
function nextMessage(call: Call, predicate: (msg: peer.ChaincodeMessage) => boolean): Promise<peer.ChaincodeMessage> {
  return new Promise((resolve) => {
    const listener = (msg: peer.ChaincodeMessage): void => {
      if (!predicate(msg)) return;
      call.removeListener('data', listener);
      resolve(msg);
    };
    call.on('data', listener);
  });
}

async function executeOn(handler: ChaincodeHandler, txId: string): Promise<peer.ChaincodeMessage> {
  const simulator = await TxSimulator.open({ txId, state: new InMemoryState(), collections: { collectionsOf: async () => undefined } });
  try {
    return await handler.execute({
      type: 'TRANSACTION',
      input: new peer.ChaincodeInput(),
      timeoutMs: 5_000,
      params: { channelId: 'mobility', txId, namespace: 'mobility', signedProposal: undefined, creatorMspId: 'OemMSP', simulator, collections: { collectionsOf: async () => undefined } },
    });
  } finally {
    await simulator.done();
  }
}

describe('ChaincodeHandler protocol', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  async function connect(script: (call: Call, received: peer.ChaincodeMessage[]) => void, expectedChaincodeId = 'cc:1', metrics?: ShimRequestMetrics) {
    const chaincode = await ScriptedChaincode.start(script);
    const connection = new ChaincodeConnection({ address: chaincode.address }, { expectedChaincodeId, registerTimeoutMs: 2_000, metrics });
    cleanups.push(() => connection.close(), () => chaincode.stop());
    return { chaincode, connection };
  }

  it('answers REGISTER with REGISTERED then READY, and a request for an unknown transaction with ERROR', async () => {
    let resolveAnswer!: (msg: peer.ChaincodeMessage) => void;
    const answer = new Promise<peer.ChaincodeMessage>((resolve) => {
      resolveAnswer = resolve;
    });
    const { chaincode, connection } = await connect((call) => {
      call.write(register('cc:1'));
      void nextMessage(call, (msg) => msg.getType() === Type.READY).then(() => {
        const getState = new peer.GetState();
        getState.setKey('k');
        void nextMessage(call, (msg) => msg.getType() === Type.ERROR).then(resolveAnswer);
        call.write(message(Type.GET_STATE, { txid: 'nope', channel: 'mobility', payload: getState.serializeBinary() }));
      });
    });
    const handler = await connection.handler();
    expect(handler.chaincodeId).to.equal('cc:1');
    const error = await answer;
    expect([error.getTxid(), error.getChannelId(), Buffer.from(error.getPayload_asU8()).toString()]).to.deep.equal([
      'nope',
      'mobility',
      'GET_STATE failed: transaction ID: nope: no ledger context',
    ]);
    expect(chaincode.received[0]!.slice(0, 2).map((msg) => [msg.getType(), msg.getPayload_asU8().length])).to.deep.equal([
      [Type.REGISTERED, 0],
      [Type.READY, 0],
    ]);
  });

  it('refuses a chaincode registering under another package ID', async () => {
    const { connection } = await connect((call) => call.write(register('other:2')));
    const error = await connection.handler().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).to.be.instanceOf(ChaincodeStreamError);
    expect(error?.message).to.equal("chaincode registered as 'other:2' but 'cc:1' was launched");
  });

  it('answers an unknown query iterator with ERROR and completes the transaction', async () => {
    const { connection } = await connect((call) => {
      call.write(register('cc:1'));
      void nextMessage(call, (msg) => msg.getType() === Type.TRANSACTION).then(async (tx) => {
        const next = new peer.QueryStateNext();
        next.setId('no-such-iterator');
        const answered = nextMessage(call, (msg) => msg.getType() === Type.ERROR);
        call.write(message(Type.QUERY_STATE_NEXT, { txid: tx.getTxid(), channel: tx.getChannelId(), payload: next.serializeBinary() }));
        const error = await answered;
        const response = new peer.Response();
        response.setStatus(200);
        response.setPayload(error.getPayload_asU8());
        call.write(message(Type.COMPLETED, { txid: tx.getTxid(), channel: tx.getChannelId(), payload: response.serializeBinary() }));
      });
    });
    const completed = await executeOn(await connection.handler(), 'tx-1');
    expect(completed.getType()).to.equal(Type.COMPLETED);
    const response = peer.Response.deserializeBinary(completed.getPayload_asU8());
    expect(Buffer.from(response.getPayload_asU8()).toString()).to.equal('QUERY_STATE_NEXT failed: transaction ID: tx-1: query iterator not found');
  });

  it("reports every ledger request to the shim metrics as Fabric's handler does: received, then completed with its outcome", async () => {
    const events: string[] = [];
    const metrics: ShimRequestMetrics = {
      requestReceived: (labels: ShimRequestLabels) => events.push(`received ${labels.type} ${labels.channel} ${labels.chaincode}`),
      requestCompleted: (labels: ShimRequestLabels, success: boolean, seconds: number) => {
        expect(seconds).to.be.within(0, 5);
        events.push(`completed ${labels.type} ${labels.channel} ${labels.chaincode} ${success}`);
      },
    };
    const { connection } = await connect(
      (call) => {
        call.write(register('cc:1'));
        void nextMessage(call, (msg) => msg.getType() === Type.TRANSACTION).then(async (tx) => {
          const getState = new peer.GetState();
          getState.setKey('k');
          const answered = nextMessage(call, (msg) => msg.getType() === Type.RESPONSE);
          call.write(message(Type.GET_STATE, { txid: tx.getTxid(), channel: tx.getChannelId(), payload: getState.serializeBinary() }));
          await answered;
          const next = new peer.QueryStateNext();
          next.setId('no-such-iterator');
          const refused = nextMessage(call, (msg) => msg.getType() === Type.ERROR);
          call.write(message(Type.QUERY_STATE_NEXT, { txid: tx.getTxid(), channel: tx.getChannelId(), payload: next.serializeBinary() }));
          await refused;
          const response = new peer.Response();
          response.setStatus(200);
          call.write(message(Type.COMPLETED, { txid: tx.getTxid(), channel: tx.getChannelId(), payload: response.serializeBinary() }));
        });
      },
      'cc:1',
      metrics,
    );
    await executeOn(await connection.handler(), 'tx-metrics');
    expect(events).to.deep.equal([
      'received GET_STATE mobility cc:1',
      'completed GET_STATE mobility cc:1 true',
      'received QUERY_STATE_NEXT mobility cc:1',
      'completed QUERY_STATE_NEXT mobility cc:1 false',
    ]);
  });

  it('fails waiting transactions when the stream drops, then dials again', async () => {
    let connections = 0;
    const { connection } = await connect((call) => {
      connections += 1;
      call.write(register('cc:1'));
      void nextMessage(call, (msg) => msg.getType() === Type.TRANSACTION).then(() => call.end());
    });
    const first = await connection.handler();
    const error = await executeOn(first, 'tx-2').then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).to.be.instanceOf(ChaincodeStreamError);
    expect(error?.message).to.include('chaincode stream terminated');
    expect(first.isClosed).to.equal(true);
    const second = await connection.handler();
    expect(second).to.not.equal(first);
    expect(connections).to.equal(2);
  });

  it('ends the stream on a message type a Fabric 2.5 peer does not serve', async () => {
    const { connection } = await connect((call) => {
      call.write(register('cc:1'));
      void nextMessage(call, (msg) => msg.getType() === Type.READY).then(() => call.write(message(Type.WRITE_BATCH_STATE, { txid: 't', channel: 'mobility' })));
    });
    const handler = await connection.handler();
    for (let i = 0; i < 100 && !handler.isClosed; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(handler.isClosed).to.equal(true);
  });
});
