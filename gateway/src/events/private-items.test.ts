import { expect } from 'chai';
import { createHash } from 'node:crypto';
import pino from 'pino';
import { privateRefsOf, RidesharePrivateItems } from './private-items';
import type { StoredNotice } from './stored-notice';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const KEY_PART = '{"kind":"rideshare.keyPart","part":"abc"}';
const DETAILS = '{"pickup":{"latE6":1,"lonE6":2},"salt":"00"}';

function notice(type: string, data: Record<string, unknown>): StoredNotice {
  return { position: '1.0.0', txId: 't', blockNumber: '1', eventName: type, type, to: ['device:0x1'], data, appendedAtMs: 0 };
}

const ref = (item: string, commitment: string) => ({ collection: 'operatorPrivate', item, privateKey: `\u0000rideshare-private\u0000r1\u0000${item}\u0000`, commitment });

describe('events: private items named by notices', () => {
  const stored: Record<string, string> = { 'request-key-second': KEY_PART, 'request-details': DETAILS };
  const calls: string[] = [];
  const contract = {
    evaluateTransaction: async (name: string, ...args: (string | Uint8Array)[]): Promise<Uint8Array> => {
      calls.push(`${name}(${args.join(',')})`);
      const value = stored[String(args[1])];
      if (value === undefined) throw new Error('NOT_FOUND: item: not on this peer');
      return Buffer.from(value);
    },
  };
  const resolver = new RidesharePrivateItems(contract, pino({ level: 'silent' }));

  it('finds references in the notice data itself and in its fields', () => {
    expect(privateRefsOf({ rideId: 'r1', key: 'request', ...ref('request-key-second', 'c') }).map((r) => r.item)).to.deep.equal(['request-key-second']);
    expect(privateRefsOf({ rideId: 'r1', details: ref('request-details', 'c') }).map((r) => r.item)).to.deep.equal(['request-details']);
    expect(privateRefsOf({ rideId: 'r1', details: { collection: 'x' } })).to.deep.equal([]);
  });

  it('reads each item with ReadPrivateItem and forwards it only when it matches its commitment', async () => {
    const keyPart = notice('rideshare.KeyPartDelivered', { rideId: 'r1', ...ref('request-key-second', sha256(KEY_PART)) });
    expect(await resolver.resolve(keyPart)).to.deep.equal({ 'request-key-second': { kind: 'rideshare.keyPart', part: 'abc' } });
    expect(calls).to.deep.equal(['rideshare:ReadPrivateItem(r1,request-key-second)']);
    const tampered = notice('rideshare.RideOffered', { rideId: 'r1', details: ref('request-details', sha256('something else')) });
    expect(await resolver.resolve(tampered)).to.deep.equal({});
    const missing = notice('rideshare.ResponseDelivered', { rideId: 'r1', details: ref('response-details', 'c') });
    expect(await resolver.resolve(missing)).to.deep.equal({});
  });

  it('leaves notices without references alone', async () => {
    calls.length = 0;
    expect(await resolver.resolve(notice('rideshare.RideRequested', { rideId: 'r1' }))).to.equal(undefined);
    expect(calls).to.deep.equal([]);
  });
});
