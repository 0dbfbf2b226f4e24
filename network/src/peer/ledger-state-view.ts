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

  async *rangeVersions(namespace: string, startKey: string, endKey: string): AsyncIterable<{ key: string; version: Version }> {
    for await (const entry of this.ledger.getStateRange(namespace, startKey, endKey)) {
      yield { key: entry.key, version: entry.version };
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
