/** The peer ledger: block store, versioned state with history, private data per org, tied by KvLedger. */
export { KvLedger, COMMITTED_EVENT, type KvLedgerOptions, type TransactionRecord } from './kvledger';
export { committedTxFromEnvelope, committedTxsFromBlock, isValid, type CommittedTx } from './committed-tx';
export { LedgerSnapshot } from './ledger-snapshot';
export { BlockStore, NEW_BLOCK_EVENT, type BlockStoreOptions, type TxLocation } from './blockstore/block-store';
export type { IterateOptions } from './blockstore/block-iterator';
export { StateDb, type HashedValue, type StateEntry, type StateMetadata, type VersionedValue } from './statedb/state-db';
export { HistoryDb, type HistoryEntry, type HistoryOrder, type KeyModification } from './history/history-db';
export { PvtDataStore, type PrivateEntry, type PrivateValue, type PvtCollectionData } from './pvtdata/pvtdata-store';
export { btlPolicyFromChaincodes, expiringBlock, NEVER_EXPIRE, type BtlPolicy } from './pvtdata/btl-policy';
export { keyHashOf } from './pvtdata/pvtdata-keys';
export { getTransactionsFilter, setTransactionsFilter } from './transactions-filter';
export * from './errors';
