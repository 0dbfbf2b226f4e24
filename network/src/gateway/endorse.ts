import { status } from '@grpc/grpc-js';
import { gateway, peer } from '@hyperledger/fabric-protos';
import type { ProposalResult } from '../endorser/endorser';
import { unpackProposal, type UnpackedProposal } from '../endorser/unpacked-proposal';
import { NoEndorsementPlanError, planEndorsingOrgs } from './endorsement-plan';
import { peersLocalFirst, type GatewayContext, type GatewayPeer } from './gateway-context';
import { prepareTransaction } from './prepare-transaction';
import { responseStatus } from './response-status';
import { rpcError, type EndpointErrorDetail } from './rpc-error';

/**
 * Gateway.Endorse: endorse on the gateway's own peer first, derive from its simulation which orgs
 * the policies need, collect their endorsements (which must match), and return the unsigned envelope.
 */
export async function endorse(context: GatewayContext, request: gateway.EndorseRequest): Promise<gateway.EndorseResponse> {
  const signedProposal = request.getProposedTransaction();
  if (!signedProposal || signedProposal.getProposalBytes_asU8().length === 0) {
    throw rpcError(status.INVALID_ARGUMENT, 'the proposed transaction must contain a signed proposal');
  }
  let unpacked: UnpackedProposal;
  try {
    unpacked = unpackProposal(signedProposal);
  } catch (error) {
    throw rpcError(status.INVALID_ARGUMENT, (error as Error).message);
  }
  if (unpacked.channelId !== context.channelId) {
    throw rpcError(status.UNAVAILABLE, `channel does not exist: ${unpacked.channelId}`);
  }
  if (unpacked.chaincodeName !== context.chaincodeName) {
    throw rpcError(
      status.FAILED_PRECONDITION,
      `no combination of peers can be derived which satisfy the endorsement policy: chaincode ${unpacked.chaincodeName} is not installed on any peer`,
    );
  }
  const details: EndpointErrorDetail[] = [];
  const requestedOrgs = request.getEndorsingOrganizationsList();
  const endorsements: peer.Endorsement[] = [];
  let responsePayload: Uint8Array | undefined;

  const accept = (candidate: GatewayPeer, result: ProposalResult): boolean => {
    const outcome = responseStatus(result);
    if (outcome.code !== status.OK) {
      details.push({ address: candidate.address, mspId: candidate.mspId, message: outcome.message });
      return false;
    }
    const payload = result.response.getPayload_asU8();
    if (responsePayload && !Buffer.from(payload).equals(Buffer.from(responsePayload))) {
      details.push({ address: candidate.address, mspId: candidate.mspId, message: 'ProposalResponsePayloads do not match' });
      return false;
    }
    responsePayload ??= payload;
    const endorsement = result.response.getEndorsement();
    if (endorsement) endorsements.push(endorsement);
    return true;
  };

  let plannedOrgs: string[];
  if (requestedOrgs.length > 0) {
    plannedOrgs = [...new Set(requestedOrgs)];
    if (plannedOrgs.some((org) => !context.peers.some((candidate) => candidate.mspId === org))) {
      throw rpcError(status.UNAVAILABLE, `failed to find any endorsing peers for org(s): ${plannedOrgs.join(', ')}`);
    }
  } else {
    const local = peersLocalFirst(context, [context.localMspId])[0];
    if (!local) throw rpcError(status.FAILED_PRECONDITION, 'no endorsers found in the gateway\'s organization');
    const first = await withTimeout(context, local.endorser.processProposal(signedProposal));
    if (!accept(local, first)) {
      throw rpcError(status.ABORTED, 'failed to endorse transaction, see attached details for more info', details);
    }
    const policies = await context.policies.endorsementPoliciesFor(resultsOf(first));
    try {
      plannedOrgs = planEndorsingOrgs(context.localMspId, context.peers.map((p) => p.mspId), policies);
    } catch (error) {
      if (error instanceof NoEndorsementPlanError) throw rpcError(status.FAILED_PRECONDITION, error.message);
      throw error;
    }
  }
  const endorsed = new Set(endorsements.length > 0 ? [context.localMspId] : []);
  const remaining = peersLocalFirst(context, plannedOrgs).filter((candidate) => !endorsed.has(candidate.mspId));
  const results = await Promise.all(remaining.map((candidate) => withTimeout(context, candidate.endorser.processProposal(signedProposal))));
  const succeeded = remaining.map((candidate, index) => accept(candidate, results[index] as ProposalResult));
  if (!responsePayload || succeeded.some((ok) => !ok)) {
    throw rpcError(status.ABORTED, 'failed to collect enough transaction endorsements, see attached details for more info', details);
  }
  const response = new gateway.EndorseResponse();
  response.setPreparedTransaction(prepareTransaction(unpacked, responsePayload, endorsements));
  return response;
}

function resultsOf(result: ProposalResult): Uint8Array {
  const payload = result.response.getPayload_asU8();
  const action = peer.ChaincodeAction.deserializeBinary(peer.ProposalResponsePayload.deserializeBinary(payload).getExtension_asU8());
  return action.getResults_asU8();
}

async function withTimeout<T>(context: GatewayContext, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(rpcError(status.DEADLINE_EXCEEDED, 'endorsement timeout expired while collecting endorsements')),
      context.endorsementTimeoutMs,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
