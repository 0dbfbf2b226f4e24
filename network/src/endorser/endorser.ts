import { common, msp, peer } from '@hyperledger/fabric-protos';
import { ChaincodeDefinitionError } from '../chaincode/errors';
import { IdentityValidationError, type IdentityValidationReason } from '../msp/errors';
import { computeTxId } from '../protoutil/transaction';
import { SYSTEM_CHAINCODE_VERSION } from '../scc/system-chaincode';
import type { EndorserChannel, PeerSigner, ProposalSimulator, SimulationOutcome, SystemChaincodeRunner } from './ports';
import { unpackProposal, type UnpackedProposal } from './unpacked-proposal';

/** shim.ERRORTHRESHOLD and shim.ERROR. */
const ERROR_THRESHOLD = 400;
const ERROR = 500;

/** What ProcessProposal returns: Fabric returns both a response and, for some failures, an error. */
export interface ProposalResult {
  readonly response: peer.ProposalResponse;
  /** Set when Fabric's ProcessProposal returns a non-nil error (the gateway maps it differently). */
  readonly error?: Error;
  readonly unpacked?: UnpackedProposal;
  readonly simulation?: SimulationOutcome;
}

/**
 * A peer's endorser (core/endorser): checks the signed proposal, simulates it on the chaincode, and
 * signs the proposal response payload with the peer's identity (the default ESCC).
 */
export class Endorser {
  constructor(
    private readonly signer: PeerSigner,
    private readonly channels: ReadonlyMap<string, EndorserChannel>,
    private readonly simulator: ProposalSimulator,
    private readonly systemChaincodes?: SystemChaincodeRunner,
  ) {}

  get mspId(): string {
    return this.signer.mspId;
  }

  async processProposal(signedProposal: peer.SignedProposal): Promise<ProposalResult> {
    let unpacked: UnpackedProposal;
    try {
      unpacked = unpackProposal(signedProposal);
    } catch (error) {
      return { response: errorResponse((error as Error).message), error: error as Error };
    }
    const channel = this.channels.get(unpacked.channelId);
    if (!channel) {
      return { response: errorResponse(`channel '${unpacked.channelId}' not found`), unpacked };
    }
    const systemChaincodes = this.systemChaincodes?.isSystemChaincode(unpacked.chaincodeName) ? this.systemChaincodes : undefined;
    const refusal = await this.preProcess(unpacked, channel, systemChaincodes !== undefined);
    if (refusal) return { response: errorResponse(refusal.message), error: refusal, unpacked };

    let simulation: SimulationOutcome;
    let version = channel.chaincodeVersion;
    if (systemChaincodes) {
      // Run in process without a simulator (Fabric gives none to qscc and cscc): no results, no events.
      simulation = { response: await systemChaincodes.invoke(unpacked), results: new Uint8Array(), events: new Uint8Array() };
      version = SYSTEM_CHAINCODE_VERSION;
    } else {
      if (unpacked.chaincodeName !== channel.chaincodeName) {
        const message = `make sure the chaincode ${unpacked.chaincodeName} has been successfully defined on channel ${unpacked.channelId} and try again: chaincode definition for '${unpacked.chaincodeName}' not found`;
        return { response: errorResponse(message), unpacked };
      }
      try {
        simulation = await this.simulator.simulate(unpacked);
      } catch (error) {
        // Fabric reports a missing or changed chaincode definition as is, other failures as simulation errors.
        const message = error instanceof ChaincodeDefinitionError ? error.message : `error in simulation: ${(error as Error).message}`;
        return { response: errorResponse(message), unpacked };
      }
    }
    const payload = proposalResponsePayload(unpacked, simulation, version);
    const status = simulation.response.getStatus();
    if (status >= ERROR) {
      const response = new peer.ProposalResponse();
      response.setResponse(simulation.response);
      response.setPayload(payload);
      return { response, unpacked, simulation };
    }
    if (status >= ERROR_THRESHOLD) {
      const response = new peer.ProposalResponse();
      response.setResponse(simulation.response);
      return { response, unpacked, simulation };
    }
    const response = new peer.ProposalResponse();
    response.setVersion(1);
    response.setResponse(simulation.response);
    response.setPayload(payload);
    response.setEndorsement(this.endorse(payload));
    return { response, unpacked, simulation };
  }

  /** Default ESCC: sign(payload || serialized endorser identity). */
  private endorse(payload: Uint8Array): peer.Endorsement {
    const identity = this.signer.serialize();
    const endorsement = new peer.Endorsement();
    endorsement.setEndorser(identity);
    endorsement.setSignature(this.signer.sign(Buffer.concat([payload, identity])));
    return endorsement;
  }

  /** Fabric's UnpackedProposal.Validate, the duplicate-txID check, and the Writers ACL (not for system chaincodes). */
  private async preProcess(unpacked: UnpackedProposal, channel: EndorserChannel, systemChaincode: boolean): Promise<Error | undefined> {
    const channelHeader = unpacked.channelHeader;
    const type = channelHeader.getType();
    if (type !== common.HeaderType.ENDORSER_TRANSACTION && type !== common.HeaderType.CONFIG) {
      return new Error(`error validating proposal: invalid header type ${headerTypeName(type)}`);
    }
    if (channelHeader.getEpoch() !== 0) return new Error('error validating proposal: epoch is non-zero');
    const nonce = unpacked.signatureHeader.getNonce_asU8();
    const creatorBytes = unpacked.signatureHeader.getCreator_asU8();
    if (nonce.length === 0) return new Error('error validating proposal: nonce is empty');
    if (creatorBytes.length === 0) return new Error('error validating proposal: creator is empty');
    const expectedTxId = computeTxId(nonce, creatorBytes);
    if (unpacked.txId !== expectedTxId) {
      return new Error(`error validating proposal: incorrectly computed txid '${unpacked.txId}' -- expected '${expectedTxId}'`);
    }
    if (unpacked.signedProposal.getSignature_asU8().length === 0) return new Error('error validating proposal: empty signature bytes');
    let creator;
    try {
      creator = channel.identities.deserializeIdentity(creatorBytes);
    } catch (error) {
      const mspId = creatorMspId(creatorBytes);
      if (mspId === undefined || !deserializable(error)) {
        return new Error(`error validating proposal: access denied: channel [${unpacked.channelId}] creator org unknown, creator is malformed`, { cause: error });
      }
      return new Error(`error validating proposal: access denied: channel [${unpacked.channelId}] creator org [${mspId}]`, { cause: error });
    }
    if (!creator.verify(unpacked.signedProposal.getProposalBytes_asU8(), unpacked.signedProposal.getSignature_asU8())) {
      return new Error(`error validating proposal: access denied: channel [${unpacked.channelId}] creator org [${creator.mspId}]`);
    }
    if (await channel.ledger.hasTransaction(unpacked.txId)) {
      return new Error(`duplicate transaction found [${unpacked.txId}]. Creator [${Buffer.from(creatorBytes).toString('hex')}]`);
    }
    if (systemChaincode) return undefined;
    try {
      channel.acl.checkWriters(creator);
    } catch (error) {
      return error as Error;
    }
    return undefined;
  }
}

function proposalResponsePayload(unpacked: UnpackedProposal, simulation: SimulationOutcome, chaincodeVersion: string): Uint8Array {
  const chaincodeId = new peer.ChaincodeID();
  chaincodeId.setName(unpacked.chaincodeName);
  chaincodeId.setVersion(chaincodeVersion);
  const action = new peer.ChaincodeAction();
  action.setResults(simulation.results);
  action.setEvents(simulation.events);
  action.setResponse(simulation.response);
  action.setChaincodeId(chaincodeId);
  const payload = new peer.ProposalResponsePayload();
  payload.setProposalHash(unpacked.proposalHash);
  payload.setExtension$(action.serializeBinary());
  return payload.serializeBinary();
}

function errorResponse(message: string): peer.ProposalResponse {
  const response = new peer.Response();
  response.setStatus(ERROR);
  response.setMessage(message);
  const proposalResponse = new peer.ProposalResponse();
  proposalResponse.setResponse(response);
  return proposalResponse;
}

/**
 * Fabric deserializes the creator first (unknown MSP, bytes that are no certificate, or a certificate
 * that does not chain to the org's CA — the MSP sanitizes it against its chain while deserializing:
 * "creator org unknown") and validates it after (expired, wrong OUs: "creator org [MSP]").
 */
function deserializable(error: unknown): boolean {
  return !(error instanceof IdentityValidationError) || !UNDESERIALIZABLE.has(error.reason);
}

const UNDESERIALIZABLE = new Set<IdentityValidationReason>(['malformed', 'unknown-msp', 'not-a-certificate', 'untrusted-chain']);

function creatorMspId(serialized: Uint8Array): string | undefined {
  try {
    const mspId = msp.SerializedIdentity.deserializeBinary(serialized).getMspid();
    return mspId || undefined;
  } catch {
    return undefined;
  }
}

function headerTypeName(type: number): string {
  const entry = Object.entries(common.HeaderType).find(([, value]) => value === type);
  return entry ? entry[0] : String(type);
}
