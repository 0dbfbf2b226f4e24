import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { Contract, type Context } from 'fabric-contract-api';
import { sha256Hex } from '../lib/hash';
import { TestLedger } from '../testing/test-ledger';
import { commitmentOf } from './ownership';
import { PairingScene, TestVehicle, VIN_A, VIN_B, VIN_C, identification, phoneOpening, vehicleOpening } from './testing/pairing-scene';
import { PeerWorldState } from './testing/peer-world-state';
import { EndorsementDivergence, TwoPeerLedger, simulateOnPeer } from './testing/two-peer-ledger';

const openingKey = (commitment: string) => `\u0000pairing-opening\u0000${commitment}\u0000`;

/** Transactions that touch `oemPrivate` the right and the wrong way, to show the check can fail. */
class PrivateProbeContract extends Contract {
  constructor() {
    super('probe');
  }
  async Store(ctx: Context): Promise<string> {
    await ctx.stub.putPrivateData('oemPrivate', 'k', ctx.stub.getTransient().get('secret') ?? Buffer.alloc(0));
    return 'stored';
  }
  async ReadHash(ctx: Context): Promise<string> {
    return Buffer.from(await ctx.stub.getPrivateDataHash('oemPrivate', 'k')).toString('hex');
  }
  async ReadValue(ctx: Context): Promise<string> {
    return (await ctx.stub.getPrivateData('oemPrivate', 'k')).length > 0 ? 'found' : 'missing';
  }
  async ReadValueButIgnoreIt(ctx: Context): Promise<string> {
    await ctx.stub.getPrivateData('oemPrivate', 'k');
    return 'same either way';
  }
}

async function divergence(promise: Promise<unknown>): Promise<EndorsementDivergence> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof EndorsementDivergence) return error;
    throw error;
  }
  throw new Error('expected the two peers to diverge');
}

describe('PairingContract endorsed by an OemMSP peer and a peer outside oemPrivate', () => {
  describe('the two-peer check (testing/two-peer-ledger.ts)', () => {
    it('gives a non-member peer the hashes of oemPrivate but not the values', () => {
      const source = new TestLedger();
      source.world.collection('oemPrivate').set('k', Buffer.from('secret'));
      const copy = new PeerWorldState(source.world, new Set(['oemPrivate']));
      expect([...copy.collection('oemPrivate').values()]).to.deep.equal([]);
      expect(Buffer.from(copy.privateHash('oemPrivate', 'k')).toString('hex')).to.equal(sha256Hex('secret'));
      expect(copy.privateHashes()).to.deep.equal(new PeerWorldState(source.world, new Set()).privateHashes());
    });

    it('passes private writes and hash reads, and fails a write transaction that reads a private value', async () => {
      const ledger = new TwoPeerLedger();
      const probe = new PrivateProbeContract();
      await ledger.submit(probe, 'Store', [], { transient: { secret: 'a secret' } });
      expect(Buffer.from(ledger.world.collection('oemPrivate').get('k') ?? []).toString('utf8')).to.equal('a secret');
      expect((await ledger.submit(probe, 'ReadHash', [])).result).to.equal(sha256Hex('a secret'));
      expect(ledger.checkedTransactions).to.equal(2);
      const differentResult = await divergence(ledger.submit(probe, 'ReadValue', []));
      expect(differentResult.aspect).to.equal('outcome');
      expect(differentResult.member).to.deep.include({ result: 'found' });
      expect(differentResult.nonMember).to.deep.include({ result: 'missing' });
      const sameResult = await divergence(ledger.submit(probe, 'ReadValueButIgnoreIt', []));
      expect(sameResult.aspect).to.match(/^private value reads/);
      expect(ledger.checkedTransactions).to.equal(2);
    });
  });

  it('answers an invitation identically on both peers: the owner’s data comes from the client, checked by hash', async () => {
    const scene = await PairingScene.create();
    const vehicleB = new TestVehicle(VIN_B);
    await vehicleB.register(scene.ledger, scene.devices);
    const ownerData = phoneOpening([VIN_A, VIN_C]);
    const ownerPairing = await scene.prePairOwner({ phoneData: ownerData });
    const invited = await scene.submit('InviteVehicles', [await scene.signed(scene.owner, 'pairing.inviteVehicles', { pairingId: ownerPairing, vins: [VIN_B] })]);
    const invitationId = (JSON.parse(invited.result) as { invitations: { invitationId: string }[] }).invitations[0]?.invitationId ?? '';
    // Vehicle B is not in the owner's VIN list: its digital-key-ecu's ownership data must name the owner.
    const ownershipB = vehicleOpening(VIN_B, { purchaseDate: '2024-05-05' });
    const base = { vehicle: identification(VIN_B), forDevice: scene.owner.address, invitationId };
    const reports = [
      await vehicleB.report(vehicleB.ecu, scene.ledger, scene.owner.address, base),
      await vehicleB.report(vehicleB.digitalKey, scene.ledger, scene.owner.address, { ...base, ownershipCommitment: commitmentOf(ownershipB) }),
    ];
    const args = [JSON.stringify({ invitationId, reports })];
    const options = {
      transient: { ownerOwnership: JSON.stringify(ownerData), vehicleOwnership: JSON.stringify(ownershipB) },
      timestampMs: scene.ledger.clockMs + 1000,
    };

    const member = await simulateOnPeer(scene.ledger, true, scene.contract, 'AnswerInvitation', args, options);
    const nonMember = await simulateOnPeer(scene.ledger, false, scene.contract, 'AnswerInvitation', args, options);
    expect(nonMember).to.deep.equal(member);
    expect('result' in member.outcome && JSON.parse(member.outcome.result)).to.include({ outcome: 'pre-paired' });
    expect(member.outcome).to.have.nested.property('event.name', 'pairing.PrePaired');
    expect(member.publicWrites.length).to.be.greaterThan(5);
    expect(member.reads).to.include(`hash:oemPrivate:${openingKey(commitmentOf(ownerData))}`);
    expect(member.privateValueReads).to.deep.equal([]);
    expect(member.privateHashes.oemPrivate?.[openingKey(commitmentOf(ownershipB))]).to.equal(commitmentOf(ownershipB));

    const checked = (scene.ledger as TwoPeerLedger).checkedTransactions;
    const committed = await scene.submit('AnswerInvitation', args, options);
    expect((scene.ledger as TwoPeerLedger).checkedTransactions).to.equal(checked + 1);
    expect(JSON.parse(committed.result)).to.include({ outcome: 'pre-paired' });
  });

  it('calls getPrivateData only from queries (a static guard for paths no test runs)', () => {
    // Scan the TypeScript sources, also when this test runs compiled from dist/.
    const sourceDir = __dirname.replace(`${sep}dist${sep}`, `${sep}src${sep}`);
    const sources = readdirSync(sourceDir)
      .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts'))
      .map((name) => ({ name, text: readFileSync(join(sourceDir, name), 'utf8') }));
    const valueReaders = sources.filter(({ text }) => /\.getPrivateData\s*\(/.test(text)).map(({ name }) => name);
    expect(valueReaders).to.deep.equal(['pairing-store.ts']);
    const callers = sources.filter(({ text }) => /\bqueryOpening\s*\(/.test(text) && !/function queryOpening\s*\(/.test(text)).map(({ name }) => name);
    expect(callers).to.deep.equal(['pairing-contract.ts']);
    const contract = sources.find(({ name }) => name === 'pairing-contract.ts')?.text ?? '';
    const transactions = contract.split('@Transaction(').slice(1);
    const reading = transactions.filter((body) => /\bqueryOpening\s*\(/.test(body));
    expect(reading).to.have.length(1);
    expect(reading.every((body) => body.startsWith('false)'))).to.equal(true);
  });
});
