/**
 * One peer's chaincode support: runs a proposal on the chaincode over this peer's stream and returns the
 * simulation, following Fabric's endorser and ChaincodeSupport (core/endorser/endorser.go,
 * core/chaincode/chaincode_support.go): record the `_lifecycle` sequence read, enforce init-once when the
 * definition requires it, send TRANSACTION/INIT with the signed proposal, turn COMPLETED/ERROR into a
 * response, and build the rwsets from the simulator.
 */
import { msp, peer } from '@hyperledger/fabric-protos';
import type { ChaincodeDefinition } from '../consortium/consortium';
import type { ProposalSimulator, SimulationOutcome } from '../endorser/ports';
import type { UnpackedProposal } from '../endorser/unpacked-proposal';
import { decodeTxPvtRwSet } from '../protoutil/transaction';
import { CollectionRegistry } from './collections';
import {
  ChaincodeDefinitionError,
  ChaincodeExecutionError,
  ChaincodeStreamError,
  ChaincodeSupportError,
  ChaincodeTimeoutError,
} from './errors';
import type { ChaincodeHandler } from './handler';
import { checkCommittedSequence, readDefinition, type RecordingGet } from './lifecycle-reads';
import type { SimulationResult } from './simulation-result';
import type { StateReader } from './state-reader';
import { TxSimulator, type CollectionLookup } from './tx-simulator';

/** Fabric's key recording that a chaincode version ran its Init (chaincode_support.go). */
export const INITIALIZED_KEY = `\u0000${String.fromCodePoint(0x10ffff)}initialized`;

/** core.yaml chaincode.executetimeout. */
export const DEFAULT_EXECUTE_TIMEOUT_MS = 30_000;

/** Where a ready handler comes from: a ChaincodeConnection, which re-dials a dropped stream. */
export interface HandlerSource {
  handler(): Promise<ChaincodeHandler>;
}

export interface ChaincodeSupportOptions {
  readonly channelId: string;
  readonly definition: ChaincodeDefinition;
  /** MSP IDs of the channel's application orgs (one implicit collection each). */
  readonly channelOrgMspIds: readonly string[];
  /** This peer's ledger, private data of this peer's org included. */
  readonly state: StateReader;
  readonly chaincode: HandlerSource;
  readonly executeTimeoutMs?: number;
  /** Fail invokes when `_lifecycle` has no committed definition (true on a real channel). Default false. */
  readonly requireCommittedDefinition?: boolean;
  /** The definition's InitRequired flag. Default false. */
  readonly initRequired?: boolean;
}

/** The chaincode's collections, looked up the way Fabric does: by reading its definition in `_lifecycle`. */
class DefinitionCollections implements CollectionLookup {
  constructor(
    private readonly chaincodeName: string,
    private readonly registry: CollectionRegistry,
  ) {}

  async collectionsOf(namespace: string, get: RecordingGet): Promise<CollectionRegistry | undefined> {
    await readDefinition(get, namespace);
    return namespace === this.chaincodeName ? this.registry : undefined;
  }
}

function creatorMspId(proposal: UnpackedProposal): string {
  try {
    return msp.SerializedIdentity.deserializeBinary(proposal.signatureHeader.getCreator_asU8()).getMspid();
  } catch {
    return '';
  }
}

export class ChaincodeSupport implements ProposalSimulator {
  private readonly collections: DefinitionCollections;

  constructor(private readonly options: ChaincodeSupportOptions) {
    const { definition, channelOrgMspIds } = options;
    this.collections = new DefinitionCollections(definition.name, new CollectionRegistry(definition.collections, channelOrgMspIds));
  }

  /** The endorser's port: the simulation in the form it signs. */
  async simulate(proposal: UnpackedProposal): Promise<SimulationOutcome> {
    const result = await this.execute(proposal);
    return {
      response: result.response,
      results: result.rwsetBytes,
      events: result.eventBytes,
      privateData: result.pvtRwsetBytes ? decodeTxPvtRwSet(result.pvtRwsetBytes) : undefined,
    };
  }

  /** Simulates the proposal on the chaincode. Throws when Fabric's endorser would return an error. */
  async execute(proposal: UnpackedProposal): Promise<SimulationResult> {
    const { definition } = this.options;
    if (proposal.chaincodeName !== definition.name) {
      throw new ChaincodeDefinitionError(this.definitionMessage(proposal, `chaincode ${proposal.chaincodeName} not found`));
    }
    const simulator = await TxSimulator.open({ txId: proposal.txId, state: this.options.state, collections: this.collections });
    try {
      await this.checkDefinition(proposal, simulator);
      const type = await this.checkInvocation(proposal, simulator);
      const message = await this.run(proposal, simulator, type);
      const { response, event } = this.processResult(message, proposal.txId);
      const { publicRwSet, privateRwSet } = simulator.results();
      const eventBytes = event ? event.serializeBinary() : new Uint8Array();
      return {
        txId: proposal.txId,
        response,
        rwset: publicRwSet,
        rwsetBytes: publicRwSet.serializeBinary(),
        pvtRwset: privateRwSet,
        pvtRwsetBytes: privateRwSet?.serializeBinary(),
        event,
        eventBytes,
      };
    } finally {
      await simulator.done();
    }
  }

  private definitionMessage(proposal: UnpackedProposal, reason: string): string {
    return `make sure the chaincode ${proposal.chaincodeName} has been successfully defined on channel ${proposal.channelId} and try again: ${reason}`;
  }

  /** ChaincodeEndorsementInfo: reads the committed sequence through the simulator. */
  private async checkDefinition(proposal: UnpackedProposal, simulator: TxSimulator): Promise<void> {
    try {
      await checkCommittedSequence(simulator.recordingGet, {
        chaincodeName: this.options.definition.name,
        sequence: this.options.definition.sequence,
        requireCommittedDefinition: this.options.requireCommittedDefinition ?? false,
      });
    } catch (error) {
      if (!(error instanceof ChaincodeDefinitionError)) throw error;
      throw new ChaincodeDefinitionError(this.definitionMessage(proposal, error.message), { cause: error });
    }
  }

  /** CheckInvocation: init-once semantics when the definition requires Init. */
  private async checkInvocation(proposal: UnpackedProposal, simulator: TxSimulator): Promise<'TRANSACTION' | 'INIT'> {
    const { name, version } = this.options.definition;
    const invalid = (reason: string): ChaincodeSupportError =>
      new ChaincodeSupportError(`failed to execute transaction ${proposal.txId}: invalid invocation: ${reason}`);
    let needsInitialization = false;
    if (this.options.initRequired) {
      const value = await simulator.getState(name, INITIALIZED_KEY);
      needsInitialization = Buffer.from(value ?? []).toString() !== version;
    }
    if (proposal.input.getIsInit()) {
      if (!this.options.initRequired) throw invalid(`chaincode '${name}' does not require initialization but called as init`);
      if (!needsInitialization) throw invalid(`chaincode '${name}' is already initialized but called as init`);
      await simulator.setState(name, INITIALIZED_KEY, Buffer.from(version));
      return 'INIT';
    }
    if (needsInitialization) throw invalid(`chaincode '${name}' has not been initialized for this version, must call as init first`);
    return 'TRANSACTION';
  }

  private async run(proposal: UnpackedProposal, simulator: TxSimulator, type: 'TRANSACTION' | 'INIT'): Promise<peer.ChaincodeMessage> {
    const failed = (error: Error): Error => {
      const message = `failed to execute transaction ${proposal.txId}: error sending: ${error.message}`;
      if (error instanceof ChaincodeTimeoutError) return new ChaincodeTimeoutError(message, { cause: error });
      if (error instanceof ChaincodeStreamError) return new ChaincodeStreamError(message, { cause: error });
      return new ChaincodeSupportError(message, { cause: error });
    };
    const handler = await this.options.chaincode.handler();
    // The proposal's input goes to the chaincode as is, without decorations (no decorator plugins).
    const input = proposal.input.getDecorationsMap().getLength() === 0 ? proposal.input : withoutDecorations(proposal.input);
    try {
      return await handler.execute({
        type,
        input,
        timeoutMs: this.options.executeTimeoutMs ?? DEFAULT_EXECUTE_TIMEOUT_MS,
        params: {
          channelId: proposal.channelId,
          txId: proposal.txId,
          namespace: this.options.definition.name,
          signedProposal: proposal.signedProposal,
          creatorMspId: creatorMspId(proposal),
          simulator,
          collections: this.collections,
        },
      });
    } catch (error) {
      throw failed(error as Error);
    }
  }

  /** processChaincodeExecutionResult + callChaincode: the peer names the event; errors drop it. */
  private processResult(message: peer.ChaincodeMessage, txId: string): { response: peer.Response; event: peer.ChaincodeEvent | undefined } {
    const type = message.getType();
    if (type === peer.ChaincodeMessage.Type.ERROR) {
      throw new ChaincodeExecutionError(`transaction returned with failure: ${Buffer.from(message.getPayload_asU8()).toString()}`);
    }
    if (type !== peer.ChaincodeMessage.Type.COMPLETED) {
      throw new ChaincodeSupportError(`unexpected response type ${type} for transaction ${txId}`);
    }
    const response = peer.Response.deserializeBinary(message.getPayload_asU8());
    const sent = message.getChaincodeEvent();
    if (!sent || response.getStatus() >= 400) return { response, event: undefined };
    const event = new peer.ChaincodeEvent();
    event.setChaincodeId(this.options.definition.name);
    event.setTxId(txId);
    event.setEventName(sent.getEventName());
    event.setPayload(sent.getPayload_asU8());
    return { response, event };
  }
}

function withoutDecorations(input: peer.ChaincodeInput): peer.ChaincodeInput {
  const copy = peer.ChaincodeInput.deserializeBinary(input.serializeBinary());
  copy.clearDecorationsMap();
  return copy;
}
