import { expect } from 'chai';
import { RwSetBuilder } from '../chaincode/rwset-builder';
import { consortium } from '../consortium/consortium';
import { distributionOrgs, transientDataProtectionMessage, writtenCollections } from './transient-protection';

const ORGS = ['OemMSP', 'MobilityMSP', 'AuditMSP'];
const collections = consortium.chaincode.collections;

function results(build: (builder: RwSetBuilder) => void): Uint8Array {
  const builder = new RwSetBuilder();
  build(builder);
  return builder.build().publicRwSet.serializeBinary();
}

describe('transient-data protection', () => {
  it('finds the collections a simulation wrote, by value or metadata, but not those it only read', () => {
    const bytes = results((rw) => {
      rw.addWrite('mobility', 'ride/1', Buffer.from('{}'));
      rw.addHashedRead('mobility', 'oemPrivate', 'opening/1', undefined);
      rw.addPrivateWrite('mobility', 'operatorPrivate', 'item/1', Buffer.from('secret'));
      rw.addPrivateMetadataWrite('mobility', '_implicit_org_AuditMSP', 'k', new Map([['VALIDATION_PARAMETER', Buffer.from('p')]]));
      rw.addPrivateWrite('other', 'oemPrivate', 'x', Buffer.from('y'));
    });
    expect(writtenCollections(bytes, 'mobility').sort()).to.deep.equal(['_implicit_org_AuditMSP', 'operatorPrivate']);
    expect(writtenCollections(results((rw) => rw.addWrite('mobility', 'k', Buffer.from('v'))), 'mobility')).to.deep.equal([]);
  });

  it('admits only the orgs in the distribution policy of every written collection', () => {
    expect([...distributionOrgs(['operatorPrivate'], collections, ORGS)]).to.deep.equal(['MobilityMSP']);
    expect([...distributionOrgs(['_implicit_org_AuditMSP'], collections, ORGS)]).to.deep.equal(['AuditMSP']);
    expect([...distributionOrgs(['oemPrivate', 'operatorPrivate'], collections, ORGS)]).to.deep.equal([]);
    expect([...distributionOrgs([], collections, ORGS)]).to.deep.equal(ORGS);
    expect([...distributionOrgs(['unknownCollection'], collections, ORGS)]).to.deep.equal([]);
  });

  it('words the refusal as Fabric does, listing collections as Go prints a []string', () => {
    expect(transientDataProtectionMessage(['mycollection1', 'mycollection2'])).to.equal(
      'requires endorsement from organisation(s) that are not in the distribution policy of the private data collection(s): [mycollection1 mycollection2]; ' +
        'retry specifying trusted endorsing organizations to protect transient data',
    );
  });
});
