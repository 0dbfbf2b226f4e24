/**
 * Block-to-live of private data collections (Fabric's pvtdatapolicy). Data committed in block b with
 * BTL k > 0 expires at block b + k + 1: it is purged while that block commits. BTL 0 keeps it forever.
 */
import type { ChaincodeDefinition } from '../../consortium/consortium';

/** Blocks to live of a collection; 0 means never expire. Unknown collections never expire. */
export type BtlPolicy = (namespace: string, collection: string) => number;

export const NEVER_EXPIRE: BtlPolicy = () => 0;

/** The block at whose commit data of `committingBlock` is purged, or undefined if it never expires. */
export function expiringBlock(committingBlock: number, blockToLive: number): number | undefined {
  if (blockToLive <= 0) return undefined;
  return committingBlock + blockToLive + 1;
}

export function btlPolicyFromChaincodes(chaincodes: readonly Pick<ChaincodeDefinition, 'name' | 'collections'>[]): BtlPolicy {
  const table = new Map<string, number>();
  for (const chaincode of chaincodes) {
    for (const collection of chaincode.collections) table.set(`${chaincode.name}\u0000${collection.name}`, collection.blockToLive);
  }
  return (namespace, collection) => table.get(`${namespace}\u0000${collection}`) ?? 0;
}
