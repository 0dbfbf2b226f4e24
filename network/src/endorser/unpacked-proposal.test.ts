import { expect } from 'chai';
import { peer } from '@hyperledger/fabric-protos';
import { buildProposal, TestClient } from '../chaincode/testing/test-proposals';
import { unpackProposal } from './unpacked-proposal';

describe('unpackProposal', () => {
  it('unpacks a signed proposal message once, however many endorsers look at it, and again if its bytes change', async () => {
    const client = await TestClient.create('OemMSP');
    const first = buildProposal(client, { args: ['Ping', '1'] }).signedProposal;
    const second = buildProposal(client, { args: ['Ping', '2'] }).signedProposal;

    const unpacked = unpackProposal(first);
    expect(unpackProposal(first)).to.equal(unpacked);
    expect(unpacked.input.getArgsList_asU8().map((arg) => Buffer.from(arg).toString())).to.deep.equal(['Ping', '1']);

    const copy = peer.SignedProposal.deserializeBinary(first.serializeBinary());
    const fromCopy = unpackProposal(copy);
    expect(fromCopy).to.not.equal(unpacked);
    expect(fromCopy.txId).to.equal(unpacked.txId);

    first.setProposalBytes(second.getProposalBytes_asU8());
    expect(unpackProposal(first).txId).to.equal(unpackProposal(second).txId);
    expect(unpackProposal(first).txId).to.not.equal(unpacked.txId);
  });
});
