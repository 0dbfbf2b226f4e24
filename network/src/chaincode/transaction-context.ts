/**
 * What the handler keeps for one transaction in flight on a chaincode stream (Fabric's TransactionContext):
 * the simulator, the proposal, open query iterators, the collection permission cache, and the pending
 * response the execute call waits for.
 */
import type { peer } from '@hyperledger/fabric-protos';
import { permissionFor, type CollectionPermission } from './collections';
import { CollectionAccessError, FabricMessages } from './errors';
import { QueryContexts } from './query-response-builder';
import type { CollectionLookup, TxSimulator } from './tx-simulator';

export interface TransactionParams {
  readonly channelId: string;
  readonly txId: string;
  /** The chaincode's namespace in the ledger (its name). */
  readonly namespace: string;
  readonly signedProposal: peer.SignedProposal | undefined;
  /** MSP ID of the proposal creator, for collection membership. */
  readonly creatorMspId: string;
  readonly simulator: TxSimulator;
  readonly collections: CollectionLookup;
}

/** Fabric keys transaction contexts by channel ID and transaction ID concatenated. */
export function contextId(channelId: string, txId: string): string {
  return `${channelId}${txId}`;
}

export class TransactionContext {
  readonly queries = new QueryContexts();
  readonly response: Promise<peer.ChaincodeMessage>;
  private resolveResponse!: (message: peer.ChaincodeMessage) => void;
  private readonly permissions = new Map<string, CollectionPermission>();

  constructor(
    readonly params: TransactionParams,
    readonly isInit: boolean,
  ) {
    this.response = new Promise((resolve) => {
      this.resolveResponse = resolve;
    });
  }

  get simulator(): TxSimulator {
    return this.params.simulator;
  }

  get namespace(): string {
    return this.params.namespace;
  }

  /** COMPLETED or ERROR arrived: hand it to the waiting execute and close the iterators. */
  notify(message: peer.ChaincodeMessage): void {
    this.resolveResponse(message);
    void this.queries.closeAll();
  }

  checkNotInit(): void {
    if (this.isInit) throw new CollectionAccessError(FabricMessages.privateDataInInit);
  }

  async checkReadPermission(collection: string): Promise<void> {
    if (!(await this.permission(collection)).read) {
      throw new CollectionAccessError(
        `tx creator does not have read access permission on privatedata in chaincodeName:${this.namespace} collectionName: ${collection}`,
      );
    }
  }

  async checkWritePermission(collection: string): Promise<void> {
    if (!(await this.permission(collection)).write) {
      throw new CollectionAccessError(
        `tx creator does not have write access permission on privatedata in chaincodeName:${this.namespace} collectionName: ${collection}`,
      );
    }
  }

  /** getReadWritePermission: the collection config is read through the simulator and cached per transaction. */
  private async permission(collection: string): Promise<CollectionPermission> {
    const cached = this.permissions.get(collection);
    if (cached) return cached;
    const registry = await this.params.collections.collectionsOf(this.namespace, this.simulator.recordingGet);
    const config = registry?.get(collection);
    if (!config) {
      throw new CollectionAccessError(`collection ${this.params.channelId}/${this.namespace}/${collection} could not be found`);
    }
    const permission = permissionFor(config, this.params.creatorMspId);
    this.permissions.set(collection, permission);
    return permission;
  }
}
