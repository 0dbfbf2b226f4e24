/**
 * `_lifecycle`, the chaincode lifecycle system chaincode (core/chaincode/lifecycle/scc.go): every
 * function takes one marshalled lb.<Function>Args and returns a marshalled lb.<Function>Result.
 * Queries answer from the definitions the embedded network runs (lifecycle-definitions.ts);
 * functions that would change them (install, approve, commit) pass the ACL check and are then
 * refused, since the embedded network's definitions come from its consortium definition.
 */
import { peer } from '@hyperledger/fabric-protos';
import type { UnpackedProposal } from '../endorser/unpacked-proposal';
import { AccessDeniedError, type AclProvider } from './acl';
import { withDefinitionFields, type LifecycleDefinition } from './lifecycle-definitions';
import { argsOf, goString } from './scc-args';
import { failure, success, type SystemChaincode } from './system-chaincode';

const lb = peer.lifecycle;

export interface LifecycleOptions {
  readonly channelId: string;
  /** The channel's application orgs: whose approvals Fabric reports. */
  readonly applicationOrgs: readonly string[];
  readonly definitions: readonly LifecycleDefinition[];
  readonly acl: AclProvider;
}

/** ErrNamespaceNotDefined and persistence.CodePackageNotFoundErr answer 404, other failures 500. */
class LifecycleError extends Error {
  constructor(
    message: string,
    readonly status = 500,
  ) {
    super(message);
  }
}

type Handler = (input: Uint8Array) => Uint8Array;

export class Lifecycle implements SystemChaincode {
  readonly name = '_lifecycle';
  private readonly handlers: ReadonlyMap<string, Handler>;

  constructor(private readonly options: LifecycleOptions) {
    this.handlers = new Map<string, Handler>([
      ['QueryChaincodeDefinition', (input) => this.queryChaincodeDefinition(decode('QueryChaincodeDefinition', input, lb.QueryChaincodeDefinitionArgs))],
      ['QueryChaincodeDefinitions', (input) => this.queryChaincodeDefinitions(decode('QueryChaincodeDefinitions', input, lb.QueryChaincodeDefinitionsArgs))],
      ['QueryApprovedChaincodeDefinition', (input) => this.queryApproved(decode('QueryApprovedChaincodeDefinition', input, lb.QueryApprovedChaincodeDefinitionArgs))],
      ['CheckCommitReadiness', (input) => this.checkCommitReadiness(decode('CheckCommitReadiness', input, lb.CheckCommitReadinessArgs))],
      ['QueryInstalledChaincode', (input) => this.queryInstalled(decode('QueryInstalledChaincode', input, lb.QueryInstalledChaincodeArgs))],
      ['QueryInstalledChaincodes', (input) => this.queryAllInstalled(decode('QueryInstalledChaincodes', input, lb.QueryInstalledChaincodesArgs))],
      ['InstallChaincode', (input) => immutable(decode('InstallChaincode', input, lb.InstallChaincodeArgs))],
      ['GetInstalledChaincodePackage', (input) => immutable(decode('GetInstalledChaincodePackage', input, lb.GetInstalledChaincodePackageArgs))],
      ['ApproveChaincodeDefinitionForMyOrg', (input) => immutable(decode('ApproveChaincodeDefinitionForMyOrg', input, lb.ApproveChaincodeDefinitionForMyOrgArgs))],
      ['CommitChaincodeDefinition', (input) => immutable(decode('CommitChaincodeDefinition', input, lb.CommitChaincodeDefinitionArgs))],
    ]);
  }

  async invoke(proposal: UnpackedProposal): Promise<peer.Response> {
    const args = argsOf(proposal);
    if (args.length === 0) return failure('lifecycle scc must be invoked with arguments');
    if (args.length !== 2) return failure(`lifecycle scc operations require exactly two arguments but received ${args.length}`);
    const fname = goString(args[0]);
    try {
      this.options.acl.checkAcl(`_lifecycle/${fname}`, proposal.channelId, proposal);
    } catch (error) {
      if (!(error instanceof AccessDeniedError)) throw error;
      return failure(`Failed to authorize invocation due to failed ACL check: ${error.message}`);
    }
    const handler = this.handlers.get(fname);
    try {
      if (!handler) throw new LifecycleError(`receiver *lifecycle.Invocation.${fname} does not exist`);
      return success(handler(args[1] ?? new Uint8Array()));
    } catch (error) {
      if (!(error instanceof LifecycleError)) throw error;
      if (error.status !== 500) return failure(error.message, error.status);
      return failure(`failed to invoke backing implementation of '${fname}': ${error.message}`);
    }
  }

  private definition(name: string): LifecycleDefinition | undefined {
    return this.options.definitions.find((candidate) => candidate.name === name);
  }


  private queryChaincodeDefinition(input: peer.lifecycle.QueryChaincodeDefinitionArgs): Uint8Array {
    const definition = this.definition(input.getName());
    if (!definition) throw new LifecycleError(`namespace ${input.getName()} is not defined`, 404);
    const result = withDefinitionFields(new lb.QueryChaincodeDefinitionResult(), definition);
    const approvals = result.getApprovalsMap();
    // Every application org approved each definition the network runs, at its sequence.
    for (const org of this.options.applicationOrgs) approvals.set(org, true);
    return result.serializeBinary();
  }

  private queryChaincodeDefinitions(_input: peer.lifecycle.QueryChaincodeDefinitionsArgs): Uint8Array {
    const result = new lb.QueryChaincodeDefinitionsResult();
    result.setChaincodeDefinitionsList(
      this.options.definitions.map((definition) => {
        const entry = withDefinitionFields(new lb.QueryChaincodeDefinitionsResult.ChaincodeDefinition(), definition);
        entry.setName(definition.name);
        return entry;
      }),
    );
    return result.serializeBinary();
  }

  /**
   * This org's approval at a sequence; sequence 0 means the latest (the committed sequence, or the
   * next one when approved, which never happens here).
   */
  private queryApproved(input: peer.lifecycle.QueryApprovedChaincodeDefinitionArgs): Uint8Array {
    const name = input.getName();
    const definition = this.definition(name);
    const requested = input.getSequence() === 0 ? (definition?.sequence ?? 0) : input.getSequence();
    if (!definition || definition.sequence !== requested) {
      throw new LifecycleError(
        `could not fetch approved chaincode definition (name: '${name}', sequence: '${input.getSequence()}') on channel '${this.options.channelId}'`,
      );
    }
    const local = new lb.ChaincodeSource.Local();
    local.setPackageId(definition.packageId);
    const source = new lb.ChaincodeSource();
    source.setLocalPackage(local);
    const result = withDefinitionFields(new lb.QueryApprovedChaincodeDefinitionResult(), definition);
    result.setSource(source);
    return result.serializeBinary();
  }

  /** The next definition must be sequence current+1; no org has approved one. */
  private checkCommitReadiness(input: peer.lifecycle.CheckCommitReadinessArgs): Uint8Array {
    const current = this.definition(input.getName())?.sequence ?? 0;
    if (input.getSequence() !== current + 1) {
      throw new LifecycleError(`requested sequence is ${input.getSequence()}, but new definition must be sequence ${current + 1}`);
    }
    const result = new lb.CheckCommitReadinessResult();
    const approvals = result.getApprovalsMap();
    for (const org of this.options.applicationOrgs) approvals.set(org, false);
    return result.serializeBinary();
  }

  private queryInstalled(input: peer.lifecycle.QueryInstalledChaincodeArgs): Uint8Array {
    const definition = this.options.definitions.find((candidate) => candidate.packageId === input.getPackageId());
    if (!definition) throw new LifecycleError(`could not find chaincode with package id '${input.getPackageId()}'`);
    const chaincode = new lb.QueryInstalledChaincodeResult.Chaincode();
    chaincode.setName(definition.name);
    chaincode.setVersion(definition.version);
    const references = new lb.QueryInstalledChaincodeResult.References();
    references.setChaincodesList([chaincode]);
    const result = new lb.QueryInstalledChaincodeResult();
    result.setPackageId(definition.packageId);
    result.setLabel(labelOf(definition.packageId));
    result.getReferencesMap().set(this.options.channelId, references);
    return result.serializeBinary();
  }

  private queryAllInstalled(_input: peer.lifecycle.QueryInstalledChaincodesArgs): Uint8Array {
    const result = new lb.QueryInstalledChaincodesResult();
    result.setInstalledChaincodesList(
      this.options.definitions.map((definition) => {
        const chaincode = new lb.QueryInstalledChaincodesResult.Chaincode();
        chaincode.setName(definition.name);
        chaincode.setVersion(definition.version);
        const references = new lb.QueryInstalledChaincodesResult.References();
        references.setChaincodesList([chaincode]);
        const installed = new lb.QueryInstalledChaincodesResult.InstalledChaincode();
        installed.setPackageId(definition.packageId);
        installed.setLabel(labelOf(definition.packageId));
        installed.getReferencesMap().set(this.options.channelId, references);
        return installed;
      }),
    );
    return result.serializeBinary();
  }
}

/** Install, package download, approve and commit would change what the network runs. */
function immutable(_input: unknown): never {
  throw new LifecycleError('the embedded network runs the chaincode definitions of its consortium definition, which cannot be changed');
}

/** A package ID is `<label>:<hash>`. */
function labelOf(packageId: string): string {
  const separator = packageId.lastIndexOf(':');
  return separator < 0 ? packageId : packageId.slice(0, separator);
}

/** The dispatcher's unmarshal step (core/dispatcher/dispatcher.go). */
function decode<T>(fname: string, input: Uint8Array, type: { deserializeBinary(bytes: Uint8Array): T }): T {
  try {
    return type.deserializeBinary(input);
  } catch {
    throw new LifecycleError(`could not decode input arg for *lifecycle.Invocation.${fname}: proto: cannot parse invalid wire-format data`);
  }
}
