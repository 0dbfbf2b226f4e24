/** Chaincode support: launch or dial a chaincode server, speak the shim protocol, simulate transactions. */
export { ChaincodeProcess, freePort, packageIdFor, resolveShimCli, type ChaincodeProcessOptions, type ChaincodeServerTls } from './chaincode-process';
export { ChaincodeConnection, type ChaincodeConnectionOptions, type ChaincodeEndpoint, type ChaincodeTlsOptions } from './chaincode-connection';
export { ChaincodeHandler, type ChaincodeHandlerOptions, type ChaincodeStream, type ExecuteRequest } from './handler';
export {
  ChaincodeSupport,
  DEFAULT_EXECUTE_TIMEOUT_MS,
  INITIALIZED_KEY,
  type ChaincodeSupportOptions,
  type HandlerSource,
} from './chaincode-support';
export { TxSimulator, type CollectionLookup, type TxSimulatorOptions } from './tx-simulator';
export { CollectionRegistry, IMPLICIT_COLLECTION_PREFIX, memberOrgsOfPolicy, permissionFor, type CollectionConfig } from './collections';
export { DEFAULT_QUERY_LIMITS, type QueryLimits } from './query-response-builder';
export { RangeQueryResultsHelper, QUERY_READS_MAX_DEGREE, type MerkleSummary } from './range-query-hashing';
export {
  LIFECYCLE_NAMESPACE,
  decodeSequence,
  encodeSequence,
  lifecycleFieldKey,
  lifecycleMetadataKey,
} from './lifecycle-reads';
export type { SimulationResult } from './simulation-result';
export { LedgerStateReader } from './ledger-state-reader';
export type { HashedState, HistoryRecord, PrivateState, StateEntry, StateMetadata, StateReader, VersionedState } from './state-reader';
export { silentLogger, type ChaincodeLogger } from './logger';
export * from './errors';
