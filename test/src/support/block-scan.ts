import { common, peer, msp } from '@hyperledger/fabric-protos';
import type { CloseableAsyncIterable, Network } from '@hyperledger/fabric-gateway';

/**
 * Reads blocks through the deliver service with fabric-gateway's getBlockEvents, as any channel
 * member can. The streams it opens stay open until `close()`, which a suite calls after its network
 * has stopped: builds of the embedded network whose deliver service lets the AbortError of a
 * cancelled block stream go unhandled exit on the first stream a client closes
 * (network/src/deliver/deliver-service.ts, `serve`: the `queue` promise had no rejection handler).
 * Once every build has the fix, `readUpTo` may close its stream as soon as it has read.
 */
export class BlockReader {
  private readonly open: CloseableAsyncIterable<common.Block>[] = [];

  constructor(private readonly network: Network) {}

  /** Blocks `0..lastBlock`, in order. */
  async readUpTo(lastBlock: bigint): Promise<common.Block[]> {
    const events = await this.network.getBlockEvents({ startBlock: 0n });
    this.open.push(events);
    const iterator = events[Symbol.asyncIterator]();
    const blocks: common.Block[] = [];
    while (blocks.length === 0 || BigInt(blocks.at(-1)?.getHeader()?.getNumber() ?? 0) < lastBlock) {
      const next = await iterator.next();
      if (next.done) throw new Error(`block stream ended before block ${lastBlock}`);
      blocks.push(next.value);
    }
    return blocks;
  }

  close(): void {
    for (const events of this.open.splice(0)) events.close();
  }
}

/** Numbers of the blocks whose serialized bytes contain `text` (UTF-8): what any reader of the chain could find. */
export function blocksContaining(blocks: readonly common.Block[], text: string): number[] {
  const needle = Buffer.from(text, 'utf8');
  return blocks
    .filter((block) => Buffer.from(block.serializeBinary()).includes(needle))
    .map((block) => Number(block.getHeader()?.getNumber() ?? -1));
}

export interface EndorsedTransaction {
  readonly txId: string;
  /** MSP IDs of the peers whose endorsements the transaction carries. */
  readonly endorserMspIds: string[];
  /** The validation code the committing peer wrote in the block metadata. */
  readonly validationCode: number;
}

/** Finds a transaction in the blocks and reads who endorsed it and how it was validated. */
export function findTransaction(blocks: readonly common.Block[], txId: string): EndorsedTransaction | undefined {
  for (const block of blocks) {
    const data = block.getData()?.getDataList_asU8() ?? [];
    const flags = block.getMetadata()?.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER] ?? new Uint8Array();
    for (const [index, envelopeBytes] of data.entries()) {
      const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(envelopeBytes).getPayload_asU8());
      const channelHeader = common.ChannelHeader.deserializeBinary(payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array());
      if (channelHeader.getTxId() !== txId) continue;
      const transaction = peer.Transaction.deserializeBinary(payload.getData_asU8());
      const endorserMspIds: string[] = [];
      for (const action of transaction.getActionsList()) {
        const actionPayload = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8());
        for (const endorsement of actionPayload.getAction()?.getEndorsementsList() ?? []) {
          endorserMspIds.push(msp.SerializedIdentity.deserializeBinary(endorsement.getEndorser_asU8()).getMspid());
        }
      }
      return { txId, endorserMspIds: endorserMspIds.sort(), validationCode: flags[index] ?? -1 };
    }
  }
  return undefined;
}
