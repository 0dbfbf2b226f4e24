import type { Gateway } from '@hyperledger/fabric-gateway';
import type { common } from '@hyperledger/fabric-protos';

/**
 * Blocks 0..lastBlock through the client's block events (Deliver service), as raw common.Blocks.
 * The stream follows the chain, so it is closed once the last wanted block arrived.
 */
export async function fetchBlocks(gateway: Gateway, lastBlock: number, channel = 'mobility'): Promise<common.Block[]> {
  const events = await gateway.getNetwork(channel).getBlockEvents({ startBlock: 0n });
  const blocks: common.Block[] = [];
  try {
    for await (const block of events) {
      blocks.push(block);
      if ((block.getHeader()?.getNumber() ?? -1) >= lastBlock) break;
    }
  } finally {
    events.close();
  }
  return blocks;
}
