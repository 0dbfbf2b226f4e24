/**
 * Typed errors of the chaincode support. Messages follow Fabric's wording where the chaincode or the
 * client can see them, so error handling written against a real peer keeps working.
 */

/** Base class: anything the chaincode support raises on purpose. */
export class ChaincodeSupportError extends Error {
  override name = 'ChaincodeSupportError';
}

/** A ledger rule of the transaction simulator was broken (Fabric's txmgr errors). */
export class SimulationError extends ChaincodeSupportError {
  override name = 'SimulationError';
}

/** The caller may not read or write a private data collection, or the collection is unknown. */
export class CollectionAccessError extends ChaincodeSupportError {
  override name = 'CollectionAccessError';
}

/** The chaincode definition in `_lifecycle` does not match the definition this peer runs. */
export class ChaincodeDefinitionError extends ChaincodeSupportError {
  override name = 'ChaincodeDefinitionError';
}

/** The chaincode answered the transaction with an ERROR message instead of COMPLETED. */
export class ChaincodeExecutionError extends ChaincodeSupportError {
  override name = 'ChaincodeExecutionError';
}

/** The execute timeout expired before the chaincode completed (Fabric: chaincode.executetimeout). */
export class ChaincodeTimeoutError extends ChaincodeSupportError {
  override name = 'ChaincodeTimeoutError';
}

/** The stream to the chaincode ended, or never got to READY. */
export class ChaincodeStreamError extends ChaincodeSupportError {
  override name = 'ChaincodeStreamError';
}

/** The chaincode process could not be started or did not become reachable. */
export class ChaincodeLaunchError extends ChaincodeSupportError {
  override name = 'ChaincodeLaunchError';
}

/** Fabric's wording for errors surfaced to the shim and to clients. */
export const FabricMessages = {
  executionTimeout: 'timeout expired while executing transaction',
  streamTerminated: 'chaincode stream terminated',
  noLedgerContext: 'no ledger context',
  queryNotSupported: 'ExecuteQuery not supported for leveldb',
  paginatedQueryNotSupported: 'ExecuteQueryWithMetadata not supported for leveldb',
  privateDataInInit: 'private data APIs are not allowed in chaincode Init()',
  queryIteratorNotFound: 'query iterator not found',
} as const;
