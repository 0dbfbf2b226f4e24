import * as grpc from '@grpc/grpc-js';
import { common } from '@hyperledger/fabric-protos';
import type { BlockSource, CommittedBlock, GatewayPolicies } from '../gateway-context';

/** Test support: an insecure gRPC server on an ephemeral port, and a client of it. */
export async function startTestServer(register: (server: grpc.Server) => void): Promise<{ client: grpc.Client; stop: () => void }> {
  const server = new grpc.Server();
  register(server);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  return {
    client,
    stop: () => {
      client.close();
      server.forceShutdown();
    },
  };
}

/** Policies that admit every signed request. */
export const admitAll: GatewayPolicies = {
  endorsementPoliciesFor: async () => [],
  checkSignedRequest: () => undefined,
};

/**
 * Blocks held in memory; iterating past the last one waits, and an abort rejects the wait with the
 * signal's reason, as the ledger's block iterator does.
 */
export class MemoryBlocks implements BlockSource {
  constructor(private readonly blocks: CommittedBlock[]) {}

  static ofHeight(height: number): MemoryBlocks {
    return new MemoryBlocks(Array.from({ length: height }, (_, number) => ({ block: emptyBlock(number), validationCodes: new Uint8Array() })));
  }

  height(): number {
    return this.blocks.length;
  }

  async blockNumberOfTransaction(): Promise<number | undefined> {
    return undefined;
  }

  async *blocksFrom(startBlock: number, signal: AbortSignal): AsyncIterable<CommittedBlock> {
    for (let number = startBlock; ; number++) {
      const block = this.blocks[number];
      if (block) {
        yield block;
        continue;
      }
      await new Promise((_, reject) => {
        if (signal.aborted) reject(signal.reason);
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    }
  }
}

function emptyBlock(number: number): common.Block {
  const header = new common.BlockHeader();
  header.setNumber(number);
  const block = new common.Block();
  block.setHeader(header);
  block.setData(new common.BlockData());
  return block;
}
