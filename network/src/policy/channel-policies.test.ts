import { expect } from 'chai';
import { consortium, type ConsortiumDefinition } from '../consortium/consortium';
import { ChannelPolicies } from './channel-policies';
import { resolveEndorsementPolicy } from './endorsement-policy';
import { PolicyDefinitionError, PolicySyntaxError } from './errors';
import { implicitMetaPolicyBytes, implicitMetaThreshold, parseImplicitMeta } from './implicit-meta';
import type { MspRoleName, PolicyIdentity } from './policy-identity';

function identity(mspId: string, role: Exclude<MspRoleName, 'member'>): PolicyIdentity {
  return { mspId, id: `${mspId}/${role}`, hasRole: (wanted) => wanted === 'member' || wanted === role };
}

describe('implicit meta and channel policies', () => {
  const [oem, mobility, audit] = ['OemMSP', 'MobilityMSP', 'AuditMSP'];
  const oemPeer = identity(oem, 'peer');
  const mobilityPeer = identity(mobility, 'peer');
  const auditPeer = identity(audit, 'peer');
  const policies = new ChannelPolicies(consortium);

  it("computes Fabric's thresholds", () => {
    const table: [number, number, number, number][] = [
      // count, ANY, ALL, MAJORITY
      [0, 0, 0, 0],
      [1, 1, 1, 1],
      [2, 1, 2, 2],
      [3, 1, 3, 2],
      [4, 1, 4, 3],
    ];
    for (const [count, any, all, majority] of table) {
      expect([implicitMetaThreshold('ANY', count), implicitMetaThreshold('ALL', count), implicitMetaThreshold('MAJORITY', count)]).to.deep.equal([
        any,
        all,
        majority,
      ]);
    }
    expect(parseImplicitMeta('MAJORITY Endorsement')).to.deep.equal({ rule: 'MAJORITY', subPolicy: 'Endorsement' });
    expect(() => parseImplicitMeta('MOST Endorsement')).to.throw(PolicyDefinitionError, /unknown rule type/);
    expect(() => parseImplicitMeta('ANY')).to.throw(PolicyDefinitionError, /two space separated tokens/);
    // ImplicitMetaPolicy{sub_policy: "Endorsement", rule: MAJORITY(2)}
    expect(Buffer.from(implicitMetaPolicyBytes({ rule: 'MAJORITY', subPolicy: 'Endorsement' })).toString('hex')).to.equal(
      `0a0b${Buffer.from('Endorsement').toString('hex')}1002`,
    );
  });

  it('resolves /Channel/Application/Endorsement to MAJORITY of the 3 orgs peers', () => {
    const policy = resolveEndorsementPolicy('/Channel/Application/Endorsement');
    expect(policy.evaluate([oemPeer, mobilityPeer])).to.equal(true);
    expect(policy.evaluate([oemPeer, auditPeer])).to.equal(true);
    expect(policy.evaluate([oemPeer, mobilityPeer, auditPeer])).to.equal(true);
    expect(policy.evaluate([oemPeer])).to.equal(false);
    expect(policy.evaluate([oemPeer, oemPeer]), 'one org twice').to.equal(false);
    expect(policy.evaluate([oemPeer, identity(oem, 'peer')]), 'two peers of one org').to.equal(false);
    expect(policy.evaluate([identity(oem, 'client'), identity(mobility, 'client')]), 'clients do not endorse').to.equal(false);
    expect(policy.description).to.equal(
      '/Channel/Application/Endorsement (MAJORITY Endorsement: 2 of [OemMSP/Endorsement, MobilityMSP/Endorsement, AuditMSP/Endorsement])',
    );
    expect(resolveEndorsementPolicy(consortium.chaincode.endorsementPolicy)).to.equal(policy);
  });

  it('resolves signature policy expressions too', () => {
    const policy = resolveEndorsementPolicy("AND('OemMSP.peer', OR('MobilityMSP.peer', 'AuditMSP.peer'))");
    expect(policy.evaluate([oemPeer, auditPeer])).to.equal(true);
    expect(policy.evaluate([mobilityPeer, auditPeer])).to.equal(false);
    expect(policy.description).to.equal("AND('OemMSP.peer', OR('MobilityMSP.peer', 'AuditMSP.peer'))");
    expect(() => resolveEndorsementPolicy('Endorsement')).to.throw(PolicySyntaxError);
    expect(() => resolveEndorsementPolicy('/Channel/Application/Nope')).to.throw(PolicyDefinitionError, /no channel policy/);
  });

  it("uses test-network's org policies for Readers, Writers and Admins", () => {
    const writers = policies.get('/Channel/Application/Writers');
    expect(writers.evaluate([identity(audit, 'client')])).to.equal(true);
    expect(writers.evaluate([identity(audit, 'admin')])).to.equal(true);
    expect(writers.evaluate([identity(audit, 'peer')])).to.equal(false);
    const readers = policies.get(`/Channel/Application/${oem}/Readers`);
    expect(readers.evaluate([identity(oem, 'peer')])).to.equal(true);
    expect(readers.evaluate([identity(mobility, 'peer')])).to.equal(false);
    expect(policies.get('/Channel/Readers').evaluate([identity('OrdererMSP', 'orderer')]), 'orderer reads the channel').to.equal(true);
    expect(policies.get('/Channel/Orderer/BlockValidation').evaluate([identity('OrdererMSP', 'orderer')])).to.equal(true);
    expect(policies.get('/Channel/Orderer/BlockValidation').evaluate([identity(oem, 'peer')])).to.equal(false);
  });

  it('needs a majority of application admins and the orderer admin for /Channel/Admins', () => {
    const admins = policies.get('/Channel/Admins');
    const appAdmins = [identity(oem, 'admin'), identity(audit, 'admin')];
    expect(admins.evaluate(appAdmins)).to.equal(false);
    expect(admins.evaluate([...appAdmins, identity('OrdererMSP', 'admin')])).to.equal(true);
    expect(admins.evaluate([identity(oem, 'admin'), identity('OrdererMSP', 'admin')])).to.equal(false);
  });

  it('follows the orgs of another consortium definition', () => {
    const twoOrgs: ConsortiumDefinition = { ...consortium, peerOrgs: consortium.peerOrgs.slice(0, 2) };
    const policy = resolveEndorsementPolicy('/Channel/Application/Endorsement', twoOrgs);
    expect(policy.evaluate([oemPeer])).to.equal(false);
    expect(policy.evaluate([oemPeer, mobilityPeer])).to.equal(true);
    expect(policy.evaluate([oemPeer, auditPeer]), 'AuditMSP is not in this channel').to.equal(false);
  });
});
