import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EventLog, type LedgerEvent } from './event-log';
import { parsePosition, positionKey } from './position';

const PHONE = 'device:0x1111111111111111111111111111111111111111';
const ECU = 'device:0x2222222222222222222222222222222222222222';
const OEM = 'org:OemMSP';

function ledgerEvent(blockNumber: bigint, txId: string, notices: { type: string; to: string[] }[]): LedgerEvent {
  const payload = { version: 1, txId, notices: notices.map((notice, index) => ({ ...notice, data: { index } })) };
  return { blockNumber, transactionId: txId, eventName: notices[0]?.type ?? 'none', payload: Buffer.from(JSON.stringify(payload)) };
}

const key = (position: string): string => positionKey(parsePosition(position));

describe('events: the durable event log', () => {
  let dir: string;
  let log: EventLog;
  let now = 1_000;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'event-log-'));
    log = await EventLog.open(dir, { now: () => now });
  });

  afterEach(async () => {
    await log.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('numbers notices by block, event order in the block and notice index, and indexes them per recipient', async () => {
    await log.append(ledgerEvent(5n, 'a', [{ type: 't.One', to: [PHONE, OEM] }, { type: 't.Two', to: [ECU] }]));
    await log.append(ledgerEvent(5n, 'b', [{ type: 't.Three', to: [PHONE] }]));
    await log.append(ledgerEvent(7n, 'c', [{ type: 't.Four', to: [OEM] }, { type: 't.Five', to: [PHONE] }]));
    expect((await log.readFor(PHONE, undefined, 10)).map((n) => [n.position, n.type])).to.deep.equal([
      ['5.0.0', 't.One'],
      ['5.1.0', 't.Three'],
      ['7.0.1', 't.Five'],
    ]);
    expect((await log.readFor(ECU, undefined, 10)).map((n) => n.position)).to.deep.equal(['5.0.1']);
    expect((await log.readFor(OEM, undefined, 10)).map((n) => n.position)).to.deep.equal(['5.0.0', '7.0.0']);
    const [first] = await log.readFor(PHONE, undefined, 1);
    expect(first).to.deep.include({ txId: 'a', blockNumber: '5', eventName: 't.One', to: [PHONE, OEM], data: { index: 0 } });
  });

  it('reads after a position and in bounded batches', async () => {
    for (let i = 0; i < 5; i += 1) await log.append(ledgerEvent(BigInt(i + 1), `tx${i}`, [{ type: 't.N', to: [PHONE] }]));
    expect((await log.readFor(PHONE, key('2.0.0'), 2)).map((n) => n.position)).to.deep.equal(['3.0.0', '4.0.0']);
    expect((await log.readFor(PHONE, key('5.0.0'), 2))).to.deep.equal([]);
    // A position between notices (another device's) resumes at the next one.
    expect((await log.readFor(PHONE, key('3.0.5'), 10)).map((n) => n.position)).to.deep.equal(['4.0.0', '5.0.0']);
  });

  it('persists the checkpoint with the notices and resumes numbering after reopening', async () => {
    await log.append(ledgerEvent(9n, 'x', [{ type: 't.A', to: [PHONE] }]));
    await log.close();
    log = await EventLog.open(dir, { now: () => now });
    expect(log.checkpoint).to.deep.equal({ blockNumber: 9n, transactionId: 'x', eventIndex: 0 });
    const fabric = log.fabricCheckpoint();
    expect([fabric.getBlockNumber(), fabric.getTransactionId()]).to.deep.equal([9n, 'x']);
    await log.append(ledgerEvent(9n, 'y', [{ type: 't.B', to: [PHONE] }]));
    expect((await log.readFor(PHONE, undefined, 10)).map((n) => n.position)).to.deep.equal(['9.0.0', '9.1.0']);
  });

  it('ignores a repeated transaction and events from blocks before the checkpoint', async () => {
    await log.append(ledgerEvent(3n, 'a', [{ type: 't.A', to: [PHONE] }]));
    await log.append(ledgerEvent(4n, 'b', [{ type: 't.B', to: [PHONE] }]));
    expect(await log.append(ledgerEvent(4n, 'b', [{ type: 't.B', to: [PHONE] }]))).to.deep.equal({ status: 'duplicate' });
    expect(await log.append(ledgerEvent(3n, 'a', [{ type: 't.A', to: [PHONE] }]))).to.deep.equal({ status: 'stale' });
    expect((await log.readFor(PHONE, undefined, 10)).map((n) => n.position)).to.deep.equal(['3.0.0', '4.0.0']);
    expect(log.checkpoint).to.deep.equal({ blockNumber: 4n, transactionId: 'b', eventIndex: 0 });
  });

  it('checkpoints past an undeliverable event without storing anything for it', async () => {
    const broken: LedgerEvent = { blockNumber: 2n, transactionId: 'bad', eventName: 'x', payload: Buffer.from('{') };
    expect((await log.append(broken)).status).to.equal('undeliverable');
    expect(log.checkpoint).to.deep.equal({ blockNumber: 2n, transactionId: 'bad', eventIndex: 0 });
    await log.append(ledgerEvent(2n, 'good', [{ type: 't.A', to: [PHONE] }]));
    expect((await log.readFor(PHONE, undefined, 10)).map((n) => n.position)).to.deep.equal(['2.1.0']);
  });

  it('tells listeners what was appended, after it is durable', async () => {
    const seen: string[] = [];
    log.onAppend((notices) => {
      seen.push(...notices.map((n) => n.position));
    });
    await log.append(ledgerEvent(1n, 'a', [{ type: 't.A', to: [PHONE] }, { type: 't.B', to: [] }]));
    expect(seen).to.deep.equal(['1.0.0']);
  });

  it('prunes notices past retention, index entries included, and remembers how far', async () => {
    await log.append(ledgerEvent(1n, 'old1', [{ type: 't.A', to: [PHONE, OEM] }]));
    await log.append(ledgerEvent(2n, 'old2', [{ type: 't.A', to: [ECU] }]));
    now = 5_000;
    await log.append(ledgerEvent(3n, 'new', [{ type: 't.A', to: [PHONE] }]));
    expect(await log.prune(4_000, 1)).to.equal(2);
    expect(log.prunedThrough).to.equal(key('2.0.0'));
    expect((await log.readFor(PHONE, undefined, 10)).map((n) => n.position)).to.deep.equal(['3.0.0']);
    expect(await log.readFor(OEM, undefined, 10)).to.deep.equal([]);
    await log.close();
    log = await EventLog.open(dir);
    expect(log.prunedThrough).to.equal(key('2.0.0'));
  });

  it('reports the head: a key after everything appended', async () => {
    expect(log.headKey()).to.equal(undefined);
    await log.append(ledgerEvent(6n, 'a', [{ type: 't.A', to: [PHONE] }, { type: 't.A', to: [PHONE] }]));
    expect(await log.readFor(PHONE, log.headKey(), 10)).to.deep.equal([]);
    await log.append(ledgerEvent(6n, 'b', [{ type: 't.A', to: [PHONE] }]));
    expect((await log.readFor(PHONE, key('6.0.1'), 10)).map((n) => n.position)).to.deep.equal(['6.1.0']);
  });
});
