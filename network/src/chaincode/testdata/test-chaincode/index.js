'use strict';
// A tiny contract exercising every ledger call the peer-side handler serves.
// fabric-contract-api and fabric-shim resolve from the repository's node_modules.
const { Contract } = require('fabric-contract-api');
const { KeyEndorsementPolicy } = require('fabric-shim');

async function collect(iterator, limit) {
  const results = [];
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
    results.push(next.value);
    if (limit !== undefined && results.length >= limit) break;
  }
  await iterator.close();
  return results;
}

class TestContract extends Contract {
  constructor() {
    super('test');
  }

  async put(ctx, key, value) {
    await ctx.stub.putState(key, Buffer.from(value));
    return 'ok';
  }

  async get(ctx, key) {
    return Buffer.from(await ctx.stub.getState(key)).toString();
  }

  async remove(ctx, key) {
    await ctx.stub.deleteState(key);
    return 'ok';
  }

  /** Writes, then reads the same key: Fabric returns the committed value, not the write. */
  async putThenGet(ctx, key, value) {
    await ctx.stub.putState(key, Buffer.from(value));
    return Buffer.from(await ctx.stub.getState(key)).toString();
  }

  async putComposite(ctx, objectType, first, second, value) {
    await ctx.stub.putState(ctx.stub.createCompositeKey(objectType, [first, second]), Buffer.from(value));
    return 'ok';
  }

  async listComposite(ctx, objectType, first) {
    const attributes = first === '' ? [] : [first];
    const iterator = await ctx.stub.getStateByPartialCompositeKey(objectType, attributes);
    const results = await collect(iterator);
    return JSON.stringify(results.map((kv) => ctx.stub.splitCompositeKey(kv.key).attributes.join('/') + '=' + kv.value.toString()));
  }

  async range(ctx, startKey, endKey) {
    const results = await collect(await ctx.stub.getStateByRange(startKey, endKey));
    return JSON.stringify(results.map((kv) => kv.key));
  }

  /** Reads only the first `count` keys of the range, then closes the iterator. */
  async rangeFirst(ctx, startKey, endKey, count) {
    const results = await collect(await ctx.stub.getStateByRange(startKey, endKey), Number(count));
    return JSON.stringify(results.map((kv) => kv.key));
  }

  async page(ctx, startKey, endKey, pageSize, bookmark) {
    const { iterator, metadata } = await ctx.stub.getStateByRangeWithPagination(startKey, endKey, Number(pageSize), bookmark);
    const results = await collect(iterator);
    return JSON.stringify({ keys: results.map((kv) => kv.key), bookmark: metadata.bookmark, fetched: metadata.fetchedRecordsCount });
  }

  async pageThenPut(ctx, key) {
    await ctx.stub.getStateByRangeWithPagination('', '', 1, '');
    await ctx.stub.putState(key, Buffer.from('x'));
    return 'ok';
  }

  async history(ctx, key) {
    const results = await collect(await ctx.stub.getHistoryForKey(key));
    return JSON.stringify(results.map((m) => ({ txId: m.txId, value: m.value.toString(), isDelete: m.isDelete, seconds: Number(m.timestamp.seconds) })));
  }

  async setPolicy(ctx, key, orgsJson) {
    const policy = new KeyEndorsementPolicy();
    policy.addOrgs('MEMBER', ...JSON.parse(orgsJson));
    await ctx.stub.setStateValidationParameter(key, policy.getPolicy());
    return 'ok';
  }

  async getPolicy(ctx, key) {
    const bytes = await ctx.stub.getStateValidationParameter(key);
    if (!bytes || bytes.length === 0) return '[]';
    return JSON.stringify(new KeyEndorsementPolicy(bytes).listOrgs());
  }

  async emit(ctx, name, payload) {
    ctx.stub.setEvent(name, Buffer.from(payload));
    return 'emitted';
  }

  async emitThenFail(ctx, name) {
    ctx.stub.setEvent(name, Buffer.from('lost'));
    throw new Error('failed after event');
  }

  /** Stores the transient value under `value` in the collection. */
  async putPrivate(ctx, collection, key) {
    const value = ctx.stub.getTransient().get('value');
    if (!value) throw new Error('transient field "value" is required');
    await ctx.stub.putPrivateData(collection, key, Buffer.from(value));
    return 'ok';
  }

  async getPrivate(ctx, collection, key) {
    return Buffer.from(await ctx.stub.getPrivateData(collection, key)).toString();
  }

  async getPrivateHash(ctx, collection, key) {
    return Buffer.from(await ctx.stub.getPrivateDataHash(collection, key)).toString('hex');
  }

  async purgePrivate(ctx, collection, key) {
    await ctx.stub.purgePrivateData(collection, key);
    return 'ok';
  }

  async rangePrivate(ctx, collection, startKey, endKey) {
    const results = await collect(await ctx.stub.getPrivateDataByRange(collection, startKey, endKey));
    return JSON.stringify(results.map((kv) => kv.key));
  }

  async richQuery(ctx, query) {
    await collect(await ctx.stub.getQueryResult(query));
    return 'unreachable';
  }

  async callOther(ctx) {
    const response = await ctx.stub.invokeChaincode('other', ['ping'], '');
    return String(response.status);
  }

  /** Takes `ms` milliseconds, for execute timeout tests. */
  async sleep(ctx, ms) {
    await new Promise((resolve) => setTimeout(resolve, Number(ms)));
    return 'slept';
  }

  async fail(ctx, message) {
    throw new Error(message);
  }

  /** What the shim learnt from the signed proposal. */
  async whoami(ctx) {
    const timestamp = ctx.stub.getTxTimestamp();
    return JSON.stringify({
      mspId: ctx.clientIdentity.getMSPID(),
      txId: ctx.stub.getTxID(),
      channel: ctx.stub.getChannelID(),
      seconds: timestamp.seconds.toNumber(),
      transientKeys: [...ctx.stub.getTransient().keys()].sort(),
      binding: ctx.stub.getBinding(),
    });
  }
}

module.exports.contracts = [TestContract];
