import { expect } from 'chai';
import { parse } from 'yaml';
import { consortium } from '../consortium/consortium';
import { byteSize, configtxYaml } from './configtx';
import { CHANNEL_PROFILE, fabricDeployment } from './deployment';

interface Org {
  Name: string;
  ID: string;
  MSPDir: string;
  Policies: Record<string, { Type: string; Rule: string }>;
  AnchorPeers?: { Host: string; Port: number }[];
  OrdererEndpoints?: string[];
}

describe('fabric-artifacts: configtx.yaml', () => {
  const deployment = fabricDeployment({ portOffset: 100, batchTimeoutMs: 250 });
  const document = parse(configtxYaml(deployment)) as {
    Profiles: Record<string, { Orderer: Record<string, unknown> & { Organizations: Org[] }; Application: { Organizations: Org[]; Policies: Record<string, { Rule: string }> } }>;
  };
  const profile = document.Profiles[CHANNEL_PROFILE]!;

  it('defines one application channel profile with every peer org and Raft ordering, no system channel', () => {
    expect(Object.keys(document.Profiles)).to.deep.equal([CHANNEL_PROFILE]);
    expect(profile).to.not.have.property('Consortiums');
    expect(profile.Application.Organizations.map((org) => org.ID)).to.deep.equal(consortium.peerOrgs.map((org) => org.mspId));
    expect(profile.Orderer.Organizations.map((org) => org.ID)).to.deep.equal([consortium.ordererOrg.mspId]);
    expect(profile.Orderer.OrdererType).to.equal('etcdraft');
    const raft = profile.Orderer.EtcdRaft as { Consenters: { Host: string; Port: number }[] };
    expect(raft.Consenters.map((consenter) => `${consenter.Host}:${consenter.Port}`)).to.deep.equal(['localhost:7150']);
  });

  it('keys org groups by MSP ID, with the embedded genesis block policies and anchor peers on the shifted ports', () => {
    const oem = profile.Application.Organizations[0]!;
    expect(oem.Name).to.equal('OemMSP');
    expect(oem.Policies.Endorsement).to.deep.equal({ Type: 'Signature', Rule: "OR('OemMSP.peer')" });
    expect(oem.Policies.Writers?.Rule).to.equal("OR('OemMSP.admin', 'OemMSP.client')");
    expect(oem.AnchorPeers).to.deep.equal([{ Host: 'localhost', Port: 7151 }]);
    expect(oem.MSPDir).to.equal('../organizations/peerOrganizations/oem.mobility.example/msp');
    expect(profile.Application.Policies.Endorsement?.Rule).to.equal('MAJORITY Endorsement');
  });

  it('writes the batch settings as configtxgen reads them', () => {
    expect(profile.Orderer.BatchTimeout).to.equal('250ms');
    expect(profile.Orderer.BatchSize).to.deep.equal({ MaxMessageCount: 500, AbsoluteMaxBytes: '10 MB', PreferredMaxBytes: '2 MB' });
    expect([byteSize(3 * 1024), byteSize(1000)]).to.deep.equal(['3 KB', 1000]);
  });
});
