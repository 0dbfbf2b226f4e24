import { status } from '@grpc/grpc-js';
import { gateway, peer } from '@hyperledger/fabric-protos';
import { consortium } from '../consortium/consortium';
import type { ProposalResult } from '../endorser/endorser';
import { unpackProposal, type UnpackedProposal } from '../endorser/unpacked-proposal';
import { NoEndorsementPlanError, planEndorsingOrgs, type OrgSetPolicy } from './endorsement-plan';
import { peersLocalFirst, type GatewayContext, type GatewayPeer } from './gateway-context';
import { prepareTransaction } from './prepare-transaction';
import { responseStatus } from './response-status';
import { rpcError, type EndpointErrorDetail } from './rpc-error';
import { distributionOrgs, transientDataProtectionMessage, writtenCollections } from './transient-protection';

/**
 * Gateway.Endorse (internal/pkg/gateway/endorse.go): with endorsing orgs named by the client, one
 * peer of each; otherwise endorse on the gateway's own peer first, derive from its simulation which
 * orgs the policies need, collect their endorsements (which must match), and return the unsigned
 * envelope.
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
  const collector = new EndorsementCollector(context);
  const requestedOrgs = request.getEndorsingOrganizationsList();
  const plannedOrgs =
    requestedOrgs.length > 0
      ? planForOrgs(context, unpacked, [...new Set(requestedOrgs)])
      : await planFromFirstEndorser(context, unpacked, collector);

  const remaining = peersLocalFirst(context, plannedOrgs).filter((candidate) => !collector.hasEndorsed(candidate.mspId));
  const results = await Promise.all(
    remaining.map((candidate) =>
      withTimeout(context, candidate.endorser.processProposal(signedProposal), 'endorsement timeout expired while collecting endorsements'),
    ),
  );
  const succeeded = remaining.map((candidate, index) => collector.accept(candidate, results[index] as ProposalResult));
  const payload = collector.responsePayload;
  if (!payload || succeeded.some((ok) => !ok)) {
    throw rpcError(status.ABORTED, 'failed to collect enough transaction endorsements, see attached details for more info', collector.details);
  }
  const response = new gateway.EndorseResponse();
  response.setPreparedTransaction(prepareTransaction(unpacked, payload, collector.endorsementsOf(plannedOrgs)));
  return response;
}

/** Endorsements gathered so far, with the first response payload every later one must equal. */
class EndorsementCollector {
  readonly details: EndpointErrorDetail[] = [];
  responsePayload: Uint8Array | undefined;
  private readonly endorsements = new Map<string, peer.Endorsement>();

  constructor(private readonly context: GatewayContext) {}

  hasEndorsed(mspId: string): boolean {
    return this.endorsements.has(mspId);
  }

  accept(candidate: GatewayPeer, result: ProposalResult): boolean {
    const outcome = responseStatus(result, candidate.mspId !== this.context.localMspId);
    if (outcome.code !== status.OK) {
      this.details.push({ address: candidate.address, mspId: candidate.mspId, message: outcome.message });
      return false;
    }
    const payload = result.response.getPayload_asU8();
    if (this.responsePayload && !Buffer.from(payload).equals(Buffer.from(this.responsePayload))) {
      this.details.push({ address: candidate.address, mspId: candidate.mspId, message: 'ProposalResponsePayloads do not match' });
      return false;
    }
    this.responsePayload ??= payload;
    const endorsement = result.response.getEndorsement();
    if (endorsement) this.endorsements.set(candidate.mspId, endorsement);
    return true;
  }

  /** Only the planned orgs' endorsements go into the transaction, as Fabric's plan layouts count them. */
  endorsementsOf(orgs: readonly string[]): peer.Endorsement[] {
    return orgs.flatMap((org) => {
      const endorsement = this.endorsements.get(org);
      return endorsement ? [endorsement] : [];
    });
  }
}

/** Orgs whose peers serve the proposal's channel and chaincode. */
function endorsingOrgs(context: GatewayContext, unpacked: UnpackedProposal): string[] {
  if (unpacked.channelId !== context.channelId || unpacked.chaincodeName !== context.chaincodeName) return [];
  return [...new Set(context.peers.map((candidate) => candidate.mspId))];
}

/** The client names the orgs and takes responsibility for the policy (registry.planForOrgs). */
function planForOrgs(context: GatewayContext, unpacked: UnpackedProposal, orgs: string[]): string[] {
  const available = endorsingOrgs(context, unpacked);
  const missing = orgs.filter((org) => !available.includes(org));
  if (missing.length > 0) throw rpcError(status.UNAVAILABLE, `failed to find any endorsing peers for org(s): ${missing.join(', ')}`);
  return orgs;
}

/** planFromFirstEndorser: simulate on the gateway's own peer, then plan from what it wrote. */
async function planFromFirstEndorser(context: GatewayContext, unpacked: UnpackedProposal, collector: EndorsementCollector): Promise<string[]> {
  const hasTransientData = unpacked.transientMap.size > 0;
  const available = endorsingOrgs(context, unpacked);
  const local = available.includes(context.localMspId) ? peersLocalFirst(context, [context.localMspId])[0] : undefined;
  if (!local) {
    if (hasTransientData) {
      throw rpcError(
        status.FAILED_PRECONDITION,
        "no endorsers found in the gateway's organization; retry specifying endorsing organization(s) to protect transient data",
      );
    }
    // Fabric then asks discovery, which knows no such chaincode on the channel.
    throw rpcError(
      status.FAILED_PRECONDITION,
      `no combination of peers can be derived which satisfy the endorsement policy: No metadata was found for chaincode ${unpacked.chaincodeName} in channel ${unpacked.channelId}`,
    );
  }
  const first = await withTimeout(
    context,
    local.endorser.processProposal(unpacked.signedProposal),
    'endorsement timeout expired while collecting first endorsement',
  );
  if (!collector.accept(local, first)) {
    throw rpcError(status.ABORTED, 'failed to endorse transaction, see attached details for more info', collector.details);
  }
  const results = resultsOf(first);
  const policies = await context.policies.endorsementPoliciesFor(results);
  const protectedCollections = hasTransientData ? writtenCollections(results, unpacked.chaincodeName) : [];
  if (protectedCollections.length === 0) return plan(context, available, policies);
  const trusted = distributionOrgs(protectedCollections, context.collections ?? consortium.chaincode.collections, available);
  try {
    return planEndorsingOrgs(context.localMspId, available.filter((org) => trusted.has(org)), policies);
  } catch (error) {
    if (!(error instanceof NoEndorsementPlanError)) throw error;
  }
  // Only blame the transient-data restriction when an unrestricted plan exists.
  plan(context, available, policies);
  throw rpcError(status.FAILED_PRECONDITION, transientDataProtectionMessage(protectedCollections));
}

function plan(context: GatewayContext, orgs: readonly string[], policies: readonly OrgSetPolicy[]): string[] {
  try {
    return planEndorsingOrgs(context.localMspId, orgs, policies);
  } catch (error) {
    if (error instanceof NoEndorsementPlanError) throw rpcError(status.FAILED_PRECONDITION, error.message);
    throw error;
  }
}

function resultsOf(result: ProposalResult): Uint8Array {
  const payload = result.response.getPayload_asU8();
  const action = peer.ChaincodeAction.deserializeBinary(peer.ProposalResponsePayload.deserializeBinary(payload).getExtension_asU8());
  return action.getResults_asU8();
}

async function withTimeout<T>(context: GatewayContext, work: Promise<T>, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(rpcError(status.DEADLINE_EXCEEDED, message)), context.endorsementTimeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
