/**
 * Ledgers written by real Fabric (hyperledger/fabric internal/ledgerutil/testdata, Apache-2.0):
 *  - sample_prod: channel "mychannel", solo orderer, SampleOrg; marbles chaincode defined through
 *    _lifecycle (block 2) and invoked (blocks 4-7);
 *  - sample_bad_ledger: Org1MSP/Org2MSP/OrdererMSP test network; block 0's data hash was altered;
 *  - glued_together: sample_prod plus a block 8 whose only transaction carries 3183 trailing bytes.
 * Fabric's own `ledgerutil verify` expectations are in sample_verifications/*.json of the same tree.
 */
import path from 'node:path';
import type { common } from '@hyperledger/fabric-protos';
import { readAllBlocks, type LedgerLocation } from '../block-files';

export type FabricSample = 'sample_prod' | 'sample_bad_ledger' | 'glued_together';

/** The testdata directory from both src/ (tsx) and dist/ (compiled tests): files stay in src. */
export const TESTDATA_DIR = path.resolve(__dirname, '..', '..', '..', 'src', 'integrity', 'testdata');

export function fabricSampleLocation(sample: FabricSample): LedgerLocation {
  return { chainDir: path.join(TESTDATA_DIR, sample), format: 'fabric' };
}

export async function loadFabricSample(sample: FabricSample): Promise<common.Block[]> {
  return readAllBlocks(fabricSampleLocation(sample));
}
