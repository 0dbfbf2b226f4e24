import { status } from '@grpc/grpc-js';
import { peer } from '@hyperledger/fabric-protos';
import { expect } from 'chai';
import type { ProposalResult } from '../endorser/endorser';
import { responseStatus } from './response-status';

function proposalResponse(statusCode: number, message: string, payload?: Uint8Array): peer.ProposalResponse {
  const response = new peer.Response();
  response.setStatus(statusCode);
  response.setMessage(message);
  const proposalResponse = new peer.ProposalResponse();
  proposalResponse.setResponse(response);
  if (payload) proposalResponse.setPayload(payload);
  return proposalResponse;
}

describe('responseStatus (Fabric gateway apiutils.go)', () => {
  const refused: ProposalResult = { response: proposalResponse(500, 'access denied'), error: new Error('access denied') };

  it('maps a local endorser refusal to FAILED_PRECONDITION without retry', () => {
    expect(responseStatus(refused)).to.deep.equal({ code: status.FAILED_PRECONDITION, message: 'access denied', retry: false });
  });

  it('maps a remote endorser refusal, which arrives as a gRPC error without response, to UNAVAILABLE with retry', () => {
    expect(responseStatus(refused, true)).to.deep.equal({
      code: status.UNAVAILABLE,
      message: 'rpc error: code = Unknown desc = access denied',
      retry: true,
    });
  });

  it('tells peer-generated 500s (no payload: retry elsewhere) from chaincode errors (payload: UNKNOWN)', () => {
    expect(responseStatus({ response: proposalResponse(500, 'channel not found') })).to.deep.equal({ code: status.ABORTED, message: 'channel not found', retry: true });
    expect(responseStatus({ response: proposalResponse(500, 'NOT_FOUND: x', new Uint8Array([1])) })).to.deep.equal({
      code: status.UNKNOWN,
      message: 'chaincode response 500, NOT_FOUND: x',
      retry: false,
    });
    expect(responseStatus({ response: proposalResponse(200, '', new Uint8Array([1])) }).code).to.equal(status.OK);
  });
});
