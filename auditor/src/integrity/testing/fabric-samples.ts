/**
 * A ledger written by real Fabric 2.5 (v2.5.12 peers and orderer running our consortium), channel
 * "mobility": config block 0, chaincode lifecycle in blocks 1-4, the gateway e2e suite's
 * transactions in blocks 5-21 (testdata/mobility-fabric-2.5/README.md says how it was made and
 * what each block holds). Damaged ledgers are made from copies of it by the tests that need them.
 */
import path from 'node:path';
import type { common } from '@hyperledger/fabric-protos';
import { readAllBlocks, type LedgerLocation } from '../block-files';

/** The channel of the sample ledger. */
export const FABRIC_SAMPLE_CHANNEL = 'mobility';

/** The testdata directory from both src/ (tsx) and dist/ (compiled tests): files stay in src. */
export const TESTDATA_DIR = path.resolve(__dirname, '..', '..', '..', 'src', 'integrity', 'testdata');

/** The directory holding the sample's blockfile_000000 (a peer's chain directory). */
export const FABRIC_SAMPLE_DIR = path.join(TESTDATA_DIR, 'mobility-fabric-2.5');

export function fabricSampleLocation(): LedgerLocation {
  return { chainDir: FABRIC_SAMPLE_DIR, format: 'fabric' };
}

export async function loadFabricSample(): Promise<common.Block[]> {
  return readAllBlocks(fabricSampleLocation());
}
