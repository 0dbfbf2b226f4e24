import type { KvLedger } from '../ledger';
import type { CommittedStateView, Version } from '../validator/ports';
import { VALIDATION_PARAMETER } from '../validator/ports';

/** The validator's view of committed state, read from the peer ledger. */
export class LedgerStateView implements CommittedStateView {
  constructor(private readonly ledger: KvLedger) {}

  async getVersion(namespace: string, key: string): Promise<Version | undefined> {
    return (await this.ledger.getState(namespace, key))?.version;
  }

  async getValidationParameter(namespace: string, key: string): Promise<Uint8Array | undefined> {
    return (await this.ledger.getStateMetadata(namespace, key))?.get(VALIDATION_PARAMETER);
  }

  /**
   * Through the ledger's snapshot of the current height, which is the committed state while the committer
   * validates (blocks commit one at a time): a range a simulation of the same height already read whole
   * is not read from LevelDB again.
   */
  async *rangeVersions(namespace: string, startKey: string, endKey: string): AsyncIterable<{ key: string; version: Version }> {
    const snapshot = this.ledger.snapshot();
    try {
      for await (const entry of snapshot.getStateRange(namespace, startKey, endKey)) {
        yield { key: entry.key, version: entry.version };
      }
    } finally {
      snapshot.release();
    }
  }

  async getHashedVersion(namespace: string, collection: string, keyHash: Uint8Array): Promise<Version | undefined> {
    return (await this.ledger.stateDb.getHashed(namespace, collection, keyHash))?.version;
  }

  async getHashedValidationParameter(namespace: string, collection: string, keyHash: Uint8Array): Promise<Uint8Array | undefined> {
    return (await this.ledger.stateDb.getHashedMetadata(namespace, collection, keyHash))?.get(VALIDATION_PARAMETER);
  }

  async hasTransaction(txId: string): Promise<boolean> {
    return this.ledger.isDuplicateTxId(txId);
  }
}
