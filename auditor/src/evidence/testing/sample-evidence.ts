/** Evidence from our real Fabric 2.5 ledger: device 0xBf1F… as transaction 0 of block 6 registered it. */
import type { common } from '@hyperledger/fabric-protos';
import { blockHeaderHash } from '@mobility-ledger/network/dist/protoutil/block';
import { loadFabricSample } from '../../integrity/testing/fabric-samples';
import { txIdOfEnvelope } from '../../trail/envelope-ids';
import { MemoryBlockSource } from '../../trail/memory-block-source';
import type { EvidenceBundle } from '../bundle-format';
import { exportEvidence } from '../export-bundle';
import type { TrustAnchor } from '../trust-anchor';

/** The state key of device 0xBf1F… (a composite key: object type "device", the address). */
export const SAMPLE_DEVICE_KEY = '\u0000device\u00000xBf1F8c1C1Eb6971439a57a2216bf5720B41cF02D\u0000';

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
  const blocks = await loadFabricSample();
  const txId = txIdAt(blocks, 6);
  const bundle = await exportEvidence({
    blocks: new MemoryBlockSource(blocks, 'mobility-fabric-2.5'),
    chaincode: 'mobility',
    record: { key: SAMPLE_DEVICE_KEY, txId },
    ...(anchor ? { anchor } : {}),
  });
  return { blocks, txId, bundle };
}
