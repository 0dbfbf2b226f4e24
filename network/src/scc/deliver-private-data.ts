/**
 * The private data DeliverWithPrivateData sends with each block (core/peer/deliverevents.go,
 * getPrivateData): what the serving peer's private data store holds for the block, restricted to
 * the collections the requester may read. A collection without member-only reads goes to every
 * requester; otherwise the requester (the seek envelope's creator, whose signature the deliver
 * service has verified against the channel's Readers) must satisfy its member orgs policy.
 */
import { ledger } from '@hyperledger/fabric-protos';
import type { CollectionDefinition } from '../consortium/consortium';
import { SignaturePolicyEvaluator, type PolicyIdentity } from '../policy';

/** One transaction's private write set of one collection, as the pvtdata store keeps it. */
export interface StoredCollectionData {
  readonly txNum: number;
  readonly namespace: string;
  readonly collection: string;
  /** Serialized KVRWSet. */
  readonly rwsetBytes: Uint8Array;
}

/** The serving peer's private data store (its org's PvtDataStore): the block's unexpired, unpurged data. */
export interface BlockPrivateDataStore {
  getBlockData(blockNum: number): Promise<readonly StoredCollectionData[]>;
}

/** The channel MSP manager: deserializes and validates, or throws. */
export interface RequesterIdentities {
  deserializeIdentity(serialized: Uint8Array): PolicyIdentity;
}

export interface DeliverPrivateDataOptions {
  readonly chaincodeName: string;
  /** The chaincode's collection configuration (its definition holds it from the first block on). */
  readonly collections: readonly CollectionDefinition[];
  readonly store: BlockPrivateDataStore;
  readonly identities: RequesterIdentities;
}

/** collPolicyChecker's failure for a collection the chaincode's configuration does not define (implicit collections included). */
export class CollectionConfigNotFoundError extends Error {
  override name = 'CollectionConfigNotFoundError';
}

export class DeliverPrivateData {
  private readonly memberPolicies = new Map<string, SignaturePolicyEvaluator>();

  constructor(private readonly options: DeliverPrivateDataOptions) {}

  /** peer.BlockAndPrivateData.private_data_map for one block: tx index -> the readable collections. */
  async forBlock(blockNum: number, creator: Uint8Array): Promise<Map<number, ledger.rwset.TxPvtReadWriteSet>> {
    const requester = this.requester(creator);
    const byTx = new Map<number, ledger.rwset.TxPvtReadWriteSet>();
    for (const entry of await this.options.store.getBlockData(blockNum)) {
      if (!this.eligible(entry, requester)) continue;
      const txPvt = byTx.get(entry.txNum) ?? newTxPvtReadWriteSet();
      byTx.set(entry.txNum, txPvt);
      let namespace = txPvt.getNsPvtRwsetList().find((candidate) => candidate.getNamespace() === entry.namespace);
      if (!namespace) {
        namespace = new ledger.rwset.NsPvtReadWriteSet();
        namespace.setNamespace(entry.namespace);
        txPvt.addNsPvtRwset(namespace);
      }
      const collection = new ledger.rwset.CollectionPvtReadWriteSet();
      collection.setCollectionName(entry.collection);
      collection.setRwset(entry.rwsetBytes);
      namespace.addCollectionPvtRwset(collection);
    }
    return byTx;
  }

  /** collPolicyChecker.CheckCollectionPolicy. */
  private eligible(entry: StoredCollectionData, requester: PolicyIdentity | undefined): boolean {
    const config = entry.namespace === this.options.chaincodeName ? this.options.collections.find((candidate) => candidate.name === entry.collection) : undefined;
    if (!config) throw new CollectionConfigNotFoundError(`no collection config was found for collection ${entry.collection} for chaincode ${entry.namespace}`);
    if (!config.memberOnlyRead) return true;
    return requester !== undefined && this.memberPolicy(config).evaluate([requester]);
  }

  private memberPolicy(config: CollectionDefinition): SignaturePolicyEvaluator {
    let policy = this.memberPolicies.get(config.name);
    if (!policy) {
      policy = SignaturePolicyEvaluator.fromString(config.policy);
      this.memberPolicies.set(config.name, policy);
    }
    return policy;
  }

  /** An identity that does not deserialize satisfies no access policy. */
  private requester(creator: Uint8Array): PolicyIdentity | undefined {
    try {
      return this.options.identities.deserializeIdentity(creator);
    } catch {
      return undefined;
    }
  }
}

function newTxPvtReadWriteSet(): ledger.rwset.TxPvtReadWriteSet {
  const txPvt = new ledger.rwset.TxPvtReadWriteSet();
  txPvt.setDataModel(ledger.rwset.TxReadWriteSet.DataModel.KV);
  return txPvt;
}
