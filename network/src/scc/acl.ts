/**
 * The peer's ACL provider as the system chaincodes consult it (core/aclmgmt): the channel config
 * defines no ACLs, so Fabric's default provider decides. Peer-wide resources (install, approve,
 * join, list channels) are checked against the peer's local MSP; channel resources against the
 * channel's Readers or Writers policy with the proposal as signed data (core/policy/policy.go).
 */
import { msp } from '@hyperledger/fabric-protos';
import type { UnpackedProposal } from '../endorser/unpacked-proposal';
import { ImplicitMetaPolicyEvaluator, type ChannelPolicies, type PolicyIdentity } from '../policy';

export const CHANNEL_READERS = '/Channel/Application/Readers';
export const CHANNEL_WRITERS = '/Channel/Application/Writers';
const ADMINS = 'Admins';
const MEMBERS = 'Members';

/** defaultaclprovider.go's pResourcePolicyMap (the entries the system chaincodes here check). */
const PEER_RESOURCES: Readonly<Record<string, string>> = {
  '_lifecycle/InstallChaincode': ADMINS,
  '_lifecycle/QueryInstalledChaincode': ADMINS,
  '_lifecycle/GetInstalledChaincodePackage': ADMINS,
  '_lifecycle/QueryInstalledChaincodes': ADMINS,
  '_lifecycle/ApproveChaincodeDefinitionForMyOrg': ADMINS,
  '_lifecycle/QueryApprovedChaincodeDefinition': ADMINS,
  'cscc/JoinChain': ADMINS,
  'cscc/JoinChainBySnapshot': ADMINS,
  'cscc/JoinBySnapshotStatus': ADMINS,
  'cscc/GetChannels': MEMBERS,
};

/** defaultaclprovider.go's cResourcePolicyMap (idem). */
const CHANNEL_RESOURCES: Readonly<Record<string, string>> = {
  '_lifecycle/CommitChaincodeDefinition': CHANNEL_WRITERS,
  '_lifecycle/QueryChaincodeDefinition': CHANNEL_WRITERS,
  '_lifecycle/QueryChaincodeDefinitions': CHANNEL_WRITERS,
  '_lifecycle/CheckCommitReadiness': CHANNEL_WRITERS,
  'qscc/GetChainInfo': CHANNEL_READERS,
  'qscc/GetBlockByNumber': CHANNEL_READERS,
  'qscc/GetBlockByHash': CHANNEL_READERS,
  'qscc/GetTransactionByID': CHANNEL_READERS,
  'qscc/GetBlockByTxID': CHANNEL_READERS,
  'cscc/GetConfigBlock': CHANNEL_READERS,
  'cscc/GetChannelConfig': CHANNEL_READERS,
};

/** A deserialized, validated identity that can check its own signatures (msp Identity). */
export interface AclIdentity extends PolicyIdentity {
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

/** The channel MSP manager: deserializes and validates, or throws. */
export interface AclIdentityDeserializer {
  deserializeIdentity(serialized: Uint8Array): AclIdentity;
}

export interface AclOptions {
  readonly channelId: string;
  /** The peer's own org: its MSP is the local MSP of peer-wide checks. */
  readonly localMspId: string;
  /** Application orgs of the channel, the sub-groups of /Channel/Application. */
  readonly applicationOrgs: readonly string[];
  readonly identities: AclIdentityDeserializer;
  readonly policies: ChannelPolicies;
}

/** An ACL refusal, with the message Fabric's ACL provider returns. */
export class AccessDeniedError extends Error {
  override name = 'AccessDeniedError';
}

export class AclProvider {
  constructor(private readonly options: AclOptions) {}

  /** aclmgmt CheckACL(resource, channel, signedProposal); throws AccessDeniedError. */
  checkAcl(resource: string, channelId: string, proposal: UnpackedProposal): void {
    const peerPolicy = PEER_RESOURCES[resource];
    if (peerPolicy) return this.checkLocalMsp(peerPolicy, proposal);
    const channelPolicy = CHANNEL_RESOURCES[resource];
    if (!channelPolicy) throw new AccessDeniedError(`Unmapped policy for ${resource}`);
    if (channelId === '') return this.checkLocalMsp(channelPolicy, proposal);
    if (channelId !== this.options.channelId) throw new AccessDeniedError(`Failed to get policy manager for channel [${channelId}]`);
    const signers = this.validSigners(proposal);
    if (this.options.policies.get(channelPolicy).evaluate(signers)) return;
    throw new AccessDeniedError(
      `Failed evaluating policy on signed data during check policy on channel [${channelId}] with policy [${channelPolicy}]: [${this.policyFailure(channelPolicy, signers)}]`,
    );
  }

  /**
   * policies.SignatureSetToValidIdentities: a creator that does not deserialize or whose signature
   * does not verify is dropped, so the policy sees no identity.
   */
  private validSigners(proposal: UnpackedProposal): AclIdentity[] {
    try {
      const identity = this.options.identities.deserializeIdentity(proposal.signatureHeader.getCreator_asU8());
      const { signedProposal } = proposal;
      return identity.verify(signedProposal.getProposalBytes_asU8(), signedProposal.getSignature_asU8()) ? [identity] : [];
    } catch {
      return [];
    }
  }

  /** The implicit meta policy's error: how many org sub-policies the signers met, of how many required. */
  private policyFailure(path: string, signers: readonly AclIdentity[]): string {
    const policy = this.options.policies.get(path);
    if (!(policy instanceof ImplicitMetaPolicyEvaluator)) return 'signature set did not satisfy policy';
    const subPolicy = policy.definition.subPolicy;
    const group = path.slice(0, path.lastIndexOf('/'));
    const satisfied = this.options.applicationOrgs.filter((org) => this.options.policies.get(`${group}/${org}/${subPolicy}`).evaluate(signers)).length;
    return `implicit policy evaluation failed - ${satisfied} sub-policies were satisfied, but this policy requires ${policy.threshold} of the '${subPolicy}' sub-policies to be satisfied`;
  }

  /** policyChecker.CheckPolicyNoChannel: the creator against an Admins or Members principal of the local MSP. */
  private checkLocalMsp(policyName: string, proposal: UnpackedProposal): void {
    const { localMspId } = this.options;
    const creator = proposal.signatureHeader.getCreator_asU8();
    let identity: AclIdentity;
    try {
      identity = this.deserializeLocal(creator);
    } catch (error) {
      throw new AccessDeniedError(
        `Failed deserializing proposal creator during channelless check policy with policy [${policyName}]: [${(error as Error).message}]`,
      );
    }
    if (policyName !== ADMINS && policyName !== MEMBERS) {
      throw new AccessDeniedError(
        `Failed getting local MSP principal during channelless check policy with policy [${policyName}]: [MSP Principal role [${policyName}] not recognized]`,
      );
    }
    if (policyName === ADMINS && !identity.hasRole('admin')) {
      throw new AccessDeniedError(
        `Failed verifying that proposal's creator satisfies local MSP principal during channelless check policy with policy [${policyName}]: ` +
          `[The identity is not an admin under this MSP [${localMspId}]: The identity does not contain OU [ADMIN], MSP: [${localMspId}]]`,
      );
    }
    const { signedProposal } = proposal;
    if (!identity.verify(signedProposal.getProposalBytes_asU8(), signedProposal.getSignature_asU8())) {
      throw new AccessDeniedError('The signature is invalid');
    }
  }

  /** The local MSP's DeserializeIdentity: only identities of its own MSP ID. */
  private deserializeLocal(creator: Uint8Array): AclIdentity {
    let mspId: string;
    try {
      mspId = msp.SerializedIdentity.deserializeBinary(creator).getMspid();
    } catch (error) {
      throw new Error(`could not deserialize a SerializedIdentity: ${(error as Error).message}`);
    }
    if (mspId !== this.options.localMspId) throw new Error(`expected MSP ID ${this.options.localMspId}, received ${mspId}`);
    return this.options.identities.deserializeIdentity(creator);
  }
}
