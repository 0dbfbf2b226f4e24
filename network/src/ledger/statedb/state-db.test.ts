import { promises as fs } from 'node:fs';
import * as fsSync from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import { openLedgerLevel, StateDb } from './state-db';
import { StateUpdateBatch } from './update-batch';

const composite = (objectType: string, ...attributes: string[]): string =>
  `\u0000${objectType}\u0000${attributes.map((attribute) => `${attribute}\u0000`).join('')}`;

describe('ledger/statedb', () => {
  let dir: string;
  let stateDb: StateDb;

  beforeEach(async () => {
    dir = fsSync.mkdtempSync(path.join(os.tmpdir(), 'statedb-'));
    stateDb = new StateDb(await openLedgerLevel(path.join(dir, 'state')));
  });
  afterEach(async () => {
    await stateDb.db.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  function put(batch: StateUpdateBatch, namespace: string, key: string, value: string, txNum = 0): void {
    batch.putPublic({ namespace, key, value: Buffer.from(value), metadata: undefined, version: { blockNum: 1, txNum } });
  }

  async function keysIn(namespace: string, start: string, end: string): Promise<string[]> {
    const keys: string[] = [];
    for await (const entry of stateDb.getRange(namespace, start, end)) keys.push(entry.key);
    return keys;
  }

  it('stores values with versions and metadata, and the savepoint in the same batch', async () => {
    const batch = new StateUpdateBatch();
    batch.putPublic({
      namespace: 'mobility',
      key: 'car1',
      value: Buffer.from('red'),
      metadata: new Map([['VALIDATION_PARAMETER', new Uint8Array([1, 2])]]),
      version: { blockNum: 4, txNum: 2 },
    });
    expect(await stateDb.getSavepoint()).to.equal(undefined);
    await stateDb.applyUpdates(batch, { blockNum: 4, txNum: 9 });

    const value = await stateDb.get('mobility', 'car1');
    expect(value?.value.toString()).to.equal('red');
    expect(value?.version).to.deep.equal({ blockNum: 4, txNum: 2 });
    expect(Buffer.from((await stateDb.getMetadata('mobility', 'car1'))?.get('VALIDATION_PARAMETER') ?? [])).to.deep.equal(Buffer.from([1, 2]));
    expect(await stateDb.getSavepoint()).to.deep.equal({ blockNum: 4, txNum: 9 });
    expect(await stateDb.get('other', 'car1')).to.equal(undefined);

    const deletion = new StateUpdateBatch();
    deletion.putPublic({ namespace: 'mobility', key: 'car1', value: null, metadata: undefined, version: { blockNum: 5, txNum: 0 } });
    await stateDb.applyUpdates(deletion, { blockNum: 5, txNum: 0 });
    expect(await stateDb.get('mobility', 'car1')).to.equal(undefined);
  });

  it('iterates a range in key byte order with an exclusive end, per namespace', async () => {
    const batch = new StateUpdateBatch();
    for (const key of ['b', 'a', 'c', 'ab', 'é', 'z']) put(batch, 'mobility', key, key);
    put(batch, 'mobility2', 'a', 'other namespace');
    put(batch, 'mobilit', 'zz', 'prefix namespace');
    await stateDb.applyUpdates(batch, { blockNum: 1, txNum: 0 });

    expect(await keysIn('mobility', '', '')).to.deep.equal(['a', 'ab', 'b', 'c', 'z', 'é']);
    expect(await keysIn('mobility', 'ab', 'c')).to.deep.equal(['ab', 'b']);
    expect(await keysIn('mobility', 'b', '')).to.deep.equal(['b', 'c', 'z', 'é']);
    expect(await keysIn('mobility', '', 'b')).to.deep.equal(['a', 'ab']);
  });

  it('iterates composite keys, which start with U+0000, apart from simple keys', async () => {
    const batch = new StateUpdateBatch();
    put(batch, 'mobility', 'simple', 's');
    put(batch, 'mobility', composite('car', 'oem1', 'vin2'), 'x');
    put(batch, 'mobility', composite('car', 'oem1', 'vin1'), 'x');
    put(batch, 'mobility', composite('car', 'oem2', 'vin1'), 'x');
    put(batch, 'mobility', composite('cart', 'a'), 'x');
    put(batch, 'mobility', composite('owner', 'o1'), 'x');
    await stateDb.applyUpdates(batch, { blockNum: 1, txNum: 0 });

    // The shim's GetStateByPartialCompositeKey range: [prefix, prefix + U+10FFFF).
    const prefix = composite('car', 'oem1');
    expect(await keysIn('mobility', prefix, `${prefix}\u{10FFFF}`)).to.deep.equal([
      composite('car', 'oem1', 'vin1'),
      composite('car', 'oem1', 'vin2'),
    ]);
    const allCars = composite('car');
    expect(await keysIn('mobility', allCars, `${allCars}\u{10FFFF}`)).to.have.length(3);
    expect((await keysIn('mobility', '', '')).at(-1)).to.equal('simple');
  });

  it('keeps hashed private state per namespace and collection', async () => {
    const keyHash = Buffer.alloc(32, 7);
    const batch = new StateUpdateBatch();
    batch.putHashed({
      namespace: 'mobility',
      collection: 'oemPrivate',
      keyHash,
      valueHash: Buffer.alloc(32, 1),
      metadata: undefined,
      version: { blockNum: 2, txNum: 1 },
    });
    await stateDb.applyUpdates(batch, { blockNum: 2, txNum: 1 });
    const hashed = await stateDb.getHashed('mobility', 'oemPrivate', keyHash);
    expect(hashed?.valueHash).to.deep.equal(Buffer.alloc(32, 1));
    expect(hashed?.version).to.deep.equal({ blockNum: 2, txNum: 1 });
    expect(await stateDb.getHashed('mobility', 'operatorPrivate', keyHash)).to.equal(undefined);
  });
});
