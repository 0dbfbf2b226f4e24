/**
 * The peer's answers to the chaincode's ledger requests (Fabric's Handle* methods in core/chaincode/
 * handler.go). Each delegate decodes the request, applies the same checks in the same order as Fabric,
 * calls the transaction simulator and returns the RESPONSE message; a thrown error becomes ERROR.
 */
import { randomUUID } from 'node:crypto';
import { peer } from '@hyperledger/fabric-protos';
import { compareKeys } from '../protoutil/key-order';
import { CollectionAccessError, FabricMessages } from './errors';
import { totalReturnLimit, type QueryLimits } from './query-response-builder';
import type { ResultsIterator } from './query-iterators';
import type { StateMetadata } from './state-reader';
import type { TransactionContext } from './transaction-context';

const Type = peer.ChaincodeMessage.Type;
type Message = peer.ChaincodeMessage;

export interface RequestEnvironment {
  readonly limits: QueryLimits;
  /** Query iterator IDs; Fabric uses random UUIDs. */
  readonly newQueryId: () => string;
}

export const defaultRequestEnvironment = (limits: QueryLimits): RequestEnvironment => ({ limits, newQueryId: randomUUID });

export type RequestDelegate = (message: Message, context: TransactionContext, env: RequestEnvironment) => Promise<Message>;

export function responseTo(request: Message, payload?: Uint8Array): Message {
  const response = new peer.ChaincodeMessage();
  response.setType(Type.RESPONSE);
  if (payload && payload.length > 0) response.setPayload(payload);
  response.setTxid(request.getTxid());
  response.setChannelId(request.getChannelId());
  return response;
}

function queryMetadataOf(bytes: Uint8Array): peer.QueryMetadata | undefined {
  return bytes.length > 0 ? peer.QueryMetadata.deserializeBinary(bytes) : undefined;
}

function isPaginated(metadata: peer.QueryMetadata | undefined): metadata is peer.QueryMetadata {
  return metadata !== undefined && !(metadata.getPagesize() === 0 && metadata.getBookmark() === '');
}

async function privateAccess(context: TransactionContext, collection: string, access: 'read' | 'write'): Promise<void> {
  context.checkNotInit();
  if (access === 'read') await context.checkReadPermission(collection);
  else await context.checkWritePermission(collection);
}

/** Opens the query context and answers with the first batch, cleaning up if that fails. */
async function firstBatch(
  request: Message,
  context: TransactionContext,
  env: RequestEnvironment,
  iterator: ResultsIterator,
  paginated: boolean,
  limit: number,
): Promise<Message> {
  const id = env.newQueryId();
  context.queries.open(id, iterator);
  try {
    const response = await context.queries.buildResponse(id, paginated, limit, env.limits);
    return responseTo(request, response.serializeBinary());
  } catch (error) {
    await context.queries.cleanup(id);
    throw error;
  }
}

const getState: RequestDelegate = async (request, context) => {
  const { simulator, namespace } = context;
  const body = peer.GetState.deserializeBinary(request.getPayload_asU8());
  const collection = body.getCollection();
  if (collection) {
    await privateAccess(context, collection, 'read');
    return responseTo(request, await simulator.getPrivateData(namespace, collection, body.getKey()));
  }
  return responseTo(request, await simulator.getState(namespace, body.getKey()));
};

const getPrivateDataHash: RequestDelegate = async (request, context) => {
  const body = peer.GetState.deserializeBinary(request.getPayload_asU8());
  context.checkNotInit();
  return responseTo(request, await context.simulator.getPrivateDataHash(context.namespace, body.getCollection(), body.getKey()));
};

const getStateMetadata: RequestDelegate = async (request, context) => {
  const { simulator, namespace } = context;
  const body = peer.GetStateMetadata.deserializeBinary(request.getPayload_asU8());
  const collection = body.getCollection();
  let metadata: StateMetadata | undefined;
  if (collection) {
    await privateAccess(context, collection, 'read');
    metadata = await simulator.getPrivateDataMetadata(namespace, collection, body.getKey());
  } else {
    metadata = await simulator.getStateMetadata(namespace, body.getKey());
  }
  const result = new peer.StateMetadataResult();
  // Fabric iterates a Go map here; sorting keeps the answer deterministic.
  const entries = [...(metadata ?? new Map<string, Uint8Array>()).entries()].sort(([a], [b]) => compareKeys(a, b));
  result.setEntriesList(
    entries.map(([key, value]) => {
      const entry = new peer.StateMetadata();
      entry.setMetakey(key);
      entry.setValue(value);
      return entry;
    }),
  );
  return responseTo(request, result.serializeBinary());
};

const putState: RequestDelegate = async (request, context) => {
  const { simulator, namespace } = context;
  const body = peer.PutState.deserializeBinary(request.getPayload_asU8());
  const collection = body.getCollection();
  if (collection) {
    await privateAccess(context, collection, 'write');
    await simulator.setPrivateData(namespace, collection, body.getKey(), body.getValue_asU8());
  } else {
    await simulator.setState(namespace, body.getKey(), body.getValue_asU8());
  }
  return responseTo(request);
};

const putStateMetadata: RequestDelegate = async (request, context) => {
  const { simulator, namespace } = context;
  const body = peer.PutStateMetadata.deserializeBinary(request.getPayload_asU8());
  const entry = body.getMetadata();
  const metadata = new Map<string, Uint8Array>([[entry?.getMetakey() ?? '', entry?.getValue_asU8() ?? new Uint8Array()]]);
  const collection = body.getCollection();
  if (collection) {
    await privateAccess(context, collection, 'write');
    await simulator.setPrivateDataMetadata(namespace, collection, body.getKey(), metadata);
  } else {
    await simulator.setStateMetadata(namespace, body.getKey(), metadata);
  }
  return responseTo(request);
};

const delState: RequestDelegate = async (request, context) => {
  const { simulator, namespace } = context;
  const body = peer.DelState.deserializeBinary(request.getPayload_asU8());
  const collection = body.getCollection();
  if (collection) {
    await privateAccess(context, collection, 'write');
    await simulator.deletePrivateData(namespace, collection, body.getKey());
  } else {
    await simulator.deleteState(namespace, body.getKey());
  }
  return responseTo(request);
};

/** The Node shim sends PurgePrivateState; Fabric decodes it as DelState (same fields). */
const purgePrivateData: RequestDelegate = async (request, context) => {
  const body = peer.DelState.deserializeBinary(request.getPayload_asU8());
  const collection = body.getCollection();
  if (!collection) throw new CollectionAccessError('only applicable for private data');
  await privateAccess(context, collection, 'write');
  await context.simulator.purgePrivateData(context.namespace, collection, body.getKey());
  return responseTo(request);
};

const getStateByRange: RequestDelegate = async (request, context, env) => {
  const { simulator, namespace } = context;
  const body = peer.GetStateByRange.deserializeBinary(request.getPayload_asU8());
  const metadata = queryMetadataOf(body.getMetadata_asU8());
  const limit = totalReturnLimit(env.limits, metadata?.getPagesize());
  const collection = body.getCollection();
  if (collection) {
    await privateAccess(context, collection, 'read');
    const iterator = await simulator.getPrivateDataRange(namespace, collection, body.getStartkey(), body.getEndkey());
    return firstBatch(request, context, env, iterator, false, limit);
  }
  if (isPaginated(metadata)) {
    const startKey = metadata.getBookmark() !== '' ? metadata.getBookmark() : body.getStartkey();
    const iterator = simulator.getStateRangeWithPagination(namespace, startKey, body.getEndkey(), metadata.getPagesize());
    return firstBatch(request, context, env, iterator, true, limit);
  }
  return firstBatch(request, context, env, simulator.getStateRange(namespace, body.getStartkey(), body.getEndkey()), false, limit);
};

const queryStateNext: RequestDelegate = async (request, context, env) => {
  const id = peer.QueryStateNext.deserializeBinary(request.getPayload_asU8()).getId();
  if (!context.queries.has(id)) throw new Error(FabricMessages.queryIteratorNotFound);
  const response = await context.queries.buildResponse(id, false, totalReturnLimit(env.limits, undefined), env.limits);
  return responseTo(request, response.serializeBinary());
};

const queryStateClose: RequestDelegate = async (request, context) => {
  const id = peer.QueryStateClose.deserializeBinary(request.getPayload_asU8()).getId();
  if (context.queries.has(id)) await context.queries.cleanup(id);
  const response = new peer.QueryResponse();
  response.setHasMore(false);
  response.setId(id);
  return responseTo(request, response.serializeBinary());
};

/** Rich queries need CouchDB; on LevelDB Fabric answers with the state database's error. */
const getQueryResult: RequestDelegate = async (request, context, env) => {
  const { simulator, namespace } = context;
  const body = peer.GetQueryResult.deserializeBinary(request.getPayload_asU8());
  const metadata = queryMetadataOf(body.getMetadata_asU8());
  const limit = totalReturnLimit(env.limits, metadata?.getPagesize());
  const collection = body.getCollection();
  let iterator: ResultsIterator;
  let paginated = false;
  if (collection) {
    await privateAccess(context, collection, 'read');
    iterator = await simulator.executeQueryOnPrivateData(namespace, collection, body.getQuery());
  } else if (isPaginated(metadata)) {
    paginated = true;
    iterator = simulator.executeQueryWithPagination(namespace, body.getQuery(), metadata.getBookmark(), metadata.getPagesize());
  } else {
    iterator = simulator.executeQuery(namespace, body.getQuery());
  }
  return firstBatch(request, context, env, iterator, paginated, limit);
};

const getHistoryForKey: RequestDelegate = async (request, context, env) => {
  const key = peer.GetHistoryForKey.deserializeBinary(request.getPayload_asU8()).getKey();
  const iterator = context.simulator.getHistoryForKey(context.namespace, key);
  return firstBatch(request, context, env, iterator, false, totalReturnLimit(env.limits, undefined));
};

/** Chaincode-to-chaincode calls: this network runs a single chaincode, so there is nothing to call. */
const invokeChaincode: RequestDelegate = async (request) => {
  const spec = peer.ChaincodeSpec.deserializeBinary(request.getPayload_asU8());
  throw new Error(`execute failed: chaincode-to-chaincode invocation of '${spec.getChaincodeId()?.getName() ?? ''}' is not supported`);
};

/** Request types a Fabric 2.5 peer serves in the ready state. */
export const requestDelegates: ReadonlyMap<number, RequestDelegate> = new Map<number, RequestDelegate>([
  [Type.GET_STATE, getState],
  [Type.GET_STATE_METADATA, getStateMetadata],
  [Type.PUT_STATE, putState],
  [Type.PUT_STATE_METADATA, putStateMetadata],
  [Type.DEL_STATE, delState],
  [Type.PURGE_PRIVATE_DATA, purgePrivateData],
  [Type.GET_PRIVATE_DATA_HASH, getPrivateDataHash],
  [Type.GET_STATE_BY_RANGE, getStateByRange],
  [Type.QUERY_STATE_NEXT, queryStateNext],
  [Type.QUERY_STATE_CLOSE, queryStateClose],
  [Type.GET_QUERY_RESULT, getQueryResult],
  [Type.GET_HISTORY_FOR_KEY, getHistoryForKey],
  [Type.INVOKE_CHAINCODE, invokeChaincode],
]);
