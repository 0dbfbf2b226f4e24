import { Info, Returns, Transaction } from 'fabric-contract-api';
import { ORG_MSP, requireMember, requireMsp } from '../lib/access';
import { LedgerContract } from '../lib/base-contract';
import { canonicalJson } from '../lib/canonical-json';
// A value import: decorator metadata must name LedgerContext so fabric-contract-api drops ctx from the parameters.
import { LedgerContext } from '../lib/context';
import { notFound } from '../lib/errors';
import { validate } from '../lib/validate';
import { setConfig } from './config-flow';
import { answerInvitation, inviteVehicles } from './invitation-flow';
import { verifyMessage } from './message-flow';
import { requireAutomakerClient } from './pairing-access';
import {
  checkPairingId,
  devicePairings,
  getPairing,
  pairingHistory,
  pendingRequestsForOwner,
  readConfig,
  vehicleAttempts,
  vehicleMismatches,
  vehiclePairings,
} from './pairing-queries';
import { invitations, queryOpening, requests, transfers, vehicles } from './pairing-store';
import { Hex64, Vin } from './pairing-types';
import { prePair } from './pre-pairing-flow';
import { reportProximity } from './proximity-flow';
import { expirePairing, revokePairing } from './revocation-flow';
import { decideSecondaryPairing, requestSecondaryPairing } from './secondary-flow';
import { confirmTransfer, requestTransferByOwner, transferByAutomaker } from './transfer-flow';

const SUBMIT = 'submit pairing transactions (the automaker’s pairing server relays device requests)';

/**
 * Automatic device and vehicle pairing (US 12,389,469): pre-pairing from agreeing component reports
 * and matching ownership data, pairing by proximity, pairing-identifier checks, secondary devices,
 * other vehicles of the same owner, revocation, expiry and ownership transfer. See README.md.
 */
@Info({ title: 'Pairing', description: 'Vehicle and device pre-pairing, proximity pairing and pairing lifecycle' })
export class PairingContract extends LedgerContract {
  constructor() {
    super('pairing');
  }

  /** Transient: `deviceOwnership`, `vehicleOwnership` (openings of the signed commitments). */
  @Transaction()
  @Returns('string')
  async PrePair(ctx: LedgerContext, argJson: string): Promise<string> {
    requireAutomakerClient(ctx, SUBMIT);
    return canonicalJson(await prePair(ctx, argJson));
  }

  @Transaction()
  @Returns('string')
  async InviteVehicles(ctx: LedgerContext, requestJson: string): Promise<string> {
    requireAutomakerClient(ctx, SUBMIT);
    return canonicalJson(await inviteVehicles(ctx, requestJson));
  }

  /**
   * Transient: `ownerOwnership` (the inviting owner phone's stored ownership opening, always), and
   * `vehicleOwnership` when the digital-key-ecu report carries a commitment.
   */
  @Transaction()
  @Returns('string')
  async AnswerInvitation(ctx: LedgerContext, argJson: string): Promise<string> {
    requireAutomakerClient(ctx, SUBMIT);
    return canonicalJson(await answerInvitation(ctx, argJson));
  }

  /** Transient: `deviceData` when the request carries `deviceDataCommitment`. */
  @Transaction()
  @Returns('string')
  async RequestSecondaryPairing(ctx: LedgerContext, requestJson: string): Promise<string> {
    requireAutomakerClient(ctx, SUBMIT);
    return canonicalJson(await requestSecondaryPairing(ctx, requestJson));
  }

  @Transaction()
  @Returns('string')
  async DecideSecondaryPairing(ctx: LedgerContext, requestJson: string): Promise<string> {
    requireAutomakerClient(ctx, SUBMIT);
    return canonicalJson(await decideSecondaryPairing(ctx, requestJson));
  }

  /** Transient: `fixes` = {vehicle, device}, two signed `pairing.reportFix` requests. */
  @Transaction()
  @Returns('string')
  async ReportProximity(ctx: LedgerContext, pairingId: string): Promise<string> {
    requireAutomakerClient(ctx, SUBMIT);
    return canonicalJson(await reportProximity(ctx, pairingId));
  }

  @Transaction()
  @Returns('string')
  async VerifyMessage(ctx: LedgerContext, requestJson: string): Promise<string> {
    requireAutomakerClient(ctx, SUBMIT);
    return canonicalJson(await verifyMessage(ctx, requestJson));
  }

  @Transaction()
  @Returns('string')
  async RevokePairing(ctx: LedgerContext, requestJson: string): Promise<string> {
    requireAutomakerClient(ctx, SUBMIT);
    return canonicalJson(await revokePairing(ctx, requestJson));
  }

  @Transaction()
  @Returns('string')
  async ExpirePairing(ctx: LedgerContext, pairingId: string): Promise<string> {
    requireAutomakerClient(ctx, SUBMIT);
    return canonicalJson(await expirePairing(ctx, pairingId));
  }

  @Transaction()
  @Returns('string')
  async TransferOwnership(ctx: LedgerContext, argJson: string): Promise<string> {
    requireAutomakerClient(ctx, 'transfer vehicle ownership');
    return canonicalJson(await transferByAutomaker(ctx, argJson));
  }

  @Transaction()
  @Returns('string')
  async RequestOwnershipTransfer(ctx: LedgerContext, requestJson: string): Promise<string> {
    requireAutomakerClient(ctx, SUBMIT);
    return canonicalJson(await requestTransferByOwner(ctx, requestJson));
  }

  @Transaction()
  @Returns('string')
  async ConfirmOwnershipTransfer(ctx: LedgerContext, argJson: string): Promise<string> {
    requireAutomakerClient(ctx, SUBMIT);
    return canonicalJson(await confirmTransfer(ctx, argJson));
  }

  @Transaction()
  @Returns('string')
  async SetConfig(ctx: LedgerContext, argJson: string): Promise<string> {
    requireAutomakerClient(ctx, 'configure pairing');
    return canonicalJson(await setConfig(ctx, argJson));
  }

  @Transaction(false)
  @Returns('string')
  async GetConfig(ctx: LedgerContext): Promise<string> {
    requireMember(ctx, 'read the pairing configuration');
    return canonicalJson(await readConfig(ctx));
  }

  @Transaction(false)
  @Returns('string')
  async GetPairing(ctx: LedgerContext, pairingId: string): Promise<string> {
    requireMember(ctx, 'read pairings');
    return canonicalJson(await getPairing(ctx, pairingId));
  }

  @Transaction(false)
  @Returns('string')
  async PairingsOfVehicle(ctx: LedgerContext, vin: string): Promise<string> {
    requireMember(ctx, 'read pairings');
    return canonicalJson(await vehiclePairings(ctx, vin));
  }

  @Transaction(false)
  @Returns('string')
  async PairingsOfDevice(ctx: LedgerContext, address: string): Promise<string> {
    requireMember(ctx, 'read pairings');
    return canonicalJson(await devicePairings(ctx, address));
  }

  @Transaction(false)
  @Returns('string')
  async PendingRequestsForOwner(ctx: LedgerContext, address: string): Promise<string> {
    requireMember(ctx, 'read pairing requests');
    return canonicalJson(await pendingRequestsForOwner(ctx, address));
  }

  /** Every committed version of a pairing, oldest first, for auditors. */
  @Transaction(false)
  @Returns('string')
  async PairingHistory(ctx: LedgerContext, pairingId: string): Promise<string> {
    requireMember(ctx, 'read pairing history');
    return canonicalJson(await pairingHistory(ctx, pairingId));
  }

  @Transaction(false)
  @Returns('string')
  async AttemptsOfVehicle(ctx: LedgerContext, vin: string): Promise<string> {
    requireMember(ctx, 'read pairing attempts');
    return canonicalJson(await vehicleAttempts(ctx, vin));
  }

  @Transaction(false)
  @Returns('string')
  async MismatchesOfVehicle(ctx: LedgerContext, vin: string): Promise<string> {
    requireMember(ctx, 'read pairing mismatches');
    return canonicalJson(await vehicleMismatches(ctx, vin));
  }

  @Transaction(false)
  @Returns('string')
  async CheckPairingId(ctx: LedgerContext, vin: string, device: string, pairingId: string): Promise<string> {
    requireMember(ctx, 'check pairing identifiers');
    return canonicalJson(await checkPairingId(ctx, vin, device, pairingId));
  }

  @Transaction(false)
  @Returns('string')
  async GetVehicle(ctx: LedgerContext, vin: string): Promise<string> {
    requireMember(ctx, 'read vehicles');
    return canonicalJson(await vehicles.require(ctx, [validate(Vin, vin, 'vin')]));
  }

  @Transaction(false)
  @Returns('string')
  async GetRequest(ctx: LedgerContext, requestId: string): Promise<string> {
    requireMember(ctx, 'read pairing requests');
    return canonicalJson(await requests.require(ctx, [validate(Hex64, requestId, 'requestId')]));
  }

  @Transaction(false)
  @Returns('string')
  async GetInvitation(ctx: LedgerContext, invitationId: string): Promise<string> {
    requireMember(ctx, 'read invitations');
    return canonicalJson(await invitations.require(ctx, [validate(Hex64, invitationId, 'invitationId')]));
  }

  @Transaction(false)
  @Returns('string')
  async GetTransfer(ctx: LedgerContext, transferId: string): Promise<string> {
    requireMember(ctx, 'read transfers');
    return canonicalJson(await transfers.require(ctx, [validate(Hex64, transferId, 'transferId')]));
  }

  /** The automaker's own copy of committed private data (oemPrivate is readable by OemMSP clients only). */
  @Transaction(false)
  @Returns('string')
  async GetPrivateData(ctx: LedgerContext, commitment: string): Promise<string> {
    requireMsp(ctx, [ORG_MSP.automaker], 'read pairing private data');
    const bytes = await queryOpening(ctx, validate(Hex64, commitment, 'commitment'));
    if (!bytes) throw notFound('commitment', `${commitment} has no private data on this peer`);
    return Buffer.from(bytes).toString('utf8');
  }
}
