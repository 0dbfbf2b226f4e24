/** Evidence from the real Fabric 2.5 sample ledger: marble1 as transaction 0 of block 6 wrote it. */
import type { common } from '@hyperledger/fabric-protos';
import { blockHeaderHash } from '@mobility-ledger/network/dist/protoutil/block';
import { loadFabricSample } from '../../integrity/testing/fabric-samples';
import { txIdOfEnvelope } from '../../trail/envelope-ids';
import { MemoryBlockSource } from '../../trail/memory-block-source';
import type { EvidenceBundle } from '../bundle-format';
import { exportEvidence } from '../export-bundle';
import type { TrustAnchor } from '../trust-anchor';

export interface SampleEvidence {
  readonly blocks: common.Block[];
  readonly txId: string;
  readonly bundle: EvidenceBundle;
}

export function txIdAt(blocks: readonly common.Block[], blockNumber: number, txNumber = 0): string {
  return txIdOfEnvelope(blocks[blockNumber]?.getData()?.getDataList_asU8()[txNumber] ?? new Uint8Array()) ?? '';
}

export function checkpointOf(blocks: readonly common.Block[], blockNumber: number): TrustAnchor {
  const header = blocks[blockNumber]?.getHeader() as common.BlockHeader;
  return { type: 'checkpoint', blockNumber, headerHash: Buffer.from(blockHeaderHash(header)) };
}

export async function sampleEvidence(anchor?: TrustAnchor): Promise<SampleEvidence> {
  const blocks = await loadFabricSample('sample_prod');
  const txId = txIdAt(blocks, 6);
  const bundle = await exportEvidence({
    blocks: new MemoryBlockSource(blocks, 'sample_prod'),
    chaincode: 'marbles',
    record: { key: 'marble1', txId },
    ...(anchor ? { anchor } : {}),
  });
  return { blocks, txId, bundle };
}
