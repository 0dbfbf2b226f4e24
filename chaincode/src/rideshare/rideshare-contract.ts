import { Info, Returns, Transaction } from 'fabric-contract-api';
import { ORG_MSP, requireMember, requireMsp } from '../lib/access';
import { LedgerContract } from '../lib/base-contract';
import { canonicalJson } from '../lib/canonical-json';
// A value import: decorator metadata must name LedgerContext so fabric-contract-api drops ctx from the parameters.
import { LedgerContext } from '../lib/context';
import { invalidArgument } from '../lib/errors';
import { cancelRide, completeRide, disputeRide, operatorCancelRide, resolveDispute } from './lifecycle-flow';
import { verifyPickup } from './pickup-flow';
import { submitRideHashes } from './reconciliation-flow';
import { offerRide, requestRide } from './request-flow';
import { respondToRide } from './response-flow';
import {
  getAccount,
  linksOfDriver,
  myRides,
  privateItem,
  rideAsParty,
  rideHistory,
  rideHistoryAsParty,
  ridesOfParty,
} from './ride-queries';
import { requireRide } from './ride-writes';
import { requireOperatorClient, requireRideReaderOrg } from './rideshare-access';
import { readConfig, setConfig } from './rideshare-config';
import { acceptTerms, getTermsVersion, publishTerms, requireCurrentTermsRecord } from './terms-flow';
import { linkVehicle, unlinkVehicle } from './vehicle-link-flow';

const RELAY = 'submit ride-share transactions (the operator’s ride gateway relays device requests)';

/**
 * Authenticated ride-share (US 2020/0134763 A1): terms acceptance, ride request and response with
 * two-part keys and first/second hashes, hash reconciliation, pickup verification and the ride
 * lifecycle. See README.md for arguments, transient data, events and state keys.
 */
@Info({ title: 'Rideshare', description: 'Ride agreement, split-key ride requests and responses, reconciliation and pickup verification' })
export class RideshareContract extends LedgerContract {
  constructor() {
    super('rideshare');
  }

  @Transaction()
  @Returns('string')
  async PublishTerms(ctx: LedgerContext, argJson: string): Promise<string> {
    requireOperatorClient(ctx, 'publish ride-share terms');
    return canonicalJson(await publishTerms(ctx, argJson));
  }

  @Transaction()
  @Returns('string')
  async SetConfig(ctx: LedgerContext, argJson: string): Promise<string> {
    requireOperatorClient(ctx, 'configure ride-share');
    return canonicalJson(await setConfig(ctx, argJson));
  }

  @Transaction()
  @Returns('string')
  async AcceptTerms(ctx: LedgerContext, requestJson: string): Promise<string> {
    requireOperatorClient(ctx, RELAY);
    return canonicalJson(await acceptTerms(ctx, requestJson));
  }

  @Transaction()
  @Returns('string')
  async LinkVehicle(ctx: LedgerContext, argJson: string): Promise<string> {
    requireOperatorClient(ctx, RELAY);
    return canonicalJson(await linkVehicle(ctx, argJson));
  }

  @Transaction()
  @Returns('string')
  async UnlinkVehicle(ctx: LedgerContext, requestJson: string): Promise<string> {
    requireOperatorClient(ctx, RELAY);
    return canonicalJson(await unlinkVehicle(ctx, requestJson));
  }

  /** Transient: `rideRequest`, `riderKeyPart`, `ledgerKeyPart`, and `pinSalt` with a PIN commitment. */
  @Transaction()
  @Returns('string')
  async RequestRide(ctx: LedgerContext, requestJson: string): Promise<string> {
    requireOperatorClient(ctx, RELAY);
    return canonicalJson(await requestRide(ctx, requestJson));
  }

  @Transaction()
  @Returns('string')
  async OfferRide(ctx: LedgerContext, argJson: string): Promise<string> {
    requireOperatorClient(ctx, 'dispatch rides');
    return canonicalJson(await offerRide(ctx, argJson));
  }

  /** Transient when accepting: `rideResponse`, `driverKeyPart`, `ledgerKeyPart`. */
  @Transaction()
  @Returns('string')
  async RespondToRide(ctx: LedgerContext, requestJson: string): Promise<string> {
    requireOperatorClient(ctx, RELAY);
    return canonicalJson(await respondToRide(ctx, requestJson));
  }

  /** Transient: `partyView`, `ledgerView`. */
  @Transaction()
  @Returns('string')
  async SubmitRideHashes(ctx: LedgerContext, requestJson: string): Promise<string> {
    requireOperatorClient(ctx, RELAY);
    return canonicalJson(await submitRideHashes(ctx, requestJson));
  }

  /** Transient: `vehicleObservation`, `rideRequest`, and `pinSalt` when a PIN was typed. */
  @Transaction()
  @Returns('string')
  async VerifyPickup(ctx: LedgerContext, requestJson: string): Promise<string> {
    requireOperatorClient(ctx, RELAY);
    return canonicalJson(await verifyPickup(ctx, requestJson));
  }

  @Transaction()
  @Returns('string')
  async CompleteRide(ctx: LedgerContext, requestJson: string): Promise<string> {
    requireOperatorClient(ctx, RELAY);
    return canonicalJson(await completeRide(ctx, requestJson));
  }

  @Transaction()
  @Returns('string')
  async CancelRide(ctx: LedgerContext, requestJson: string): Promise<string> {
    requireOperatorClient(ctx, RELAY);
    return canonicalJson(await cancelRide(ctx, requestJson));
  }

  @Transaction()
  @Returns('string')
  async DisputeRide(ctx: LedgerContext, requestJson: string): Promise<string> {
    requireOperatorClient(ctx, RELAY);
    return canonicalJson(await disputeRide(ctx, requestJson));
  }

  @Transaction()
  @Returns('string')
  async OperatorCancelRide(ctx: LedgerContext, argJson: string): Promise<string> {
    requireOperatorClient(ctx, 'cancel rides');
    return canonicalJson(await operatorCancelRide(ctx, argJson));
  }

  @Transaction()
  @Returns('string')
  async ResolveDispute(ctx: LedgerContext, argJson: string): Promise<string> {
    requireOperatorClient(ctx, 'resolve ride disputes');
    return canonicalJson(await resolveDispute(ctx, argJson));
  }

  // ---- queries --------------------------------------------------------------------------------

  /** The current terms, or one version when `version` is given (digits). */
  @Transaction(false)
  @Returns('string')
  async GetTerms(ctx: LedgerContext, version: string): Promise<string> {
    requireMember(ctx, 'read ride-share terms');
    if (!version) return canonicalJson(await requireCurrentTermsRecord(ctx));
    if (!/^[1-9][0-9]{0,9}$/.test(version)) throw invalidArgument('version', 'must be a positive integer');
    return canonicalJson(await getTermsVersion(ctx, Number(version)));
  }

  @Transaction(false)
  @Returns('string')
  async GetConfig(ctx: LedgerContext): Promise<string> {
    requireMember(ctx, 'read the ride-share configuration');
    return canonicalJson(await readConfig(ctx));
  }

  @Transaction(false)
  @Returns('string')
  async GetAccount(ctx: LedgerContext, address: string): Promise<string> {
    requireRideReaderOrg(ctx, 'read ride-share accounts');
    return canonicalJson(await getAccount(ctx, address));
  }

  @Transaction(false)
  @Returns('string')
  async VehicleLinksOfDriver(ctx: LedgerContext, driver: string): Promise<string> {
    requireRideReaderOrg(ctx, 'read vehicle links');
    return canonicalJson(await linksOfDriver(ctx, driver));
  }

  @Transaction(false)
  @Returns('string')
  async GetRide(ctx: LedgerContext, rideId: string): Promise<string> {
    requireRideReaderOrg(ctx, 'read rides');
    return canonicalJson(await requireRide(ctx, rideId));
  }

  /** Every committed version of a ride, oldest first. */
  @Transaction(false)
  @Returns('string')
  async RideHistory(ctx: LedgerContext, rideId: string): Promise<string> {
    requireRideReaderOrg(ctx, 'read ride history');
    return canonicalJson(await rideHistory(ctx, rideId));
  }

  @Transaction(false)
  @Returns('string')
  async RidesOfParty(ctx: LedgerContext, address: string): Promise<string> {
    requireRideReaderOrg(ctx, 'list rides');
    return canonicalJson(await ridesOfParty(ctx, address));
  }

  /** A party's own read, through any member's gateway: signed `rideshare.readRide` {rideId}. */
  @Transaction(false)
  @Returns('string')
  async GetRideAsParty(ctx: LedgerContext, requestJson: string): Promise<string> {
    requireMember(ctx, 'relay ride reads');
    return canonicalJson(await rideAsParty(ctx, requestJson));
  }

  @Transaction(false)
  @Returns('string')
  async RideHistoryAsParty(ctx: LedgerContext, requestJson: string): Promise<string> {
    requireMember(ctx, 'relay ride reads');
    return canonicalJson(await rideHistoryAsParty(ctx, requestJson));
  }

  /** Signed `rideshare.listRides` {}: the rides the signing rider or driver took part in. */
  @Transaction(false)
  @Returns('string')
  async MyRides(ctx: LedgerContext, requestJson: string): Promise<string> {
    requireMember(ctx, 'relay ride reads');
    return canonicalJson(await myRides(ctx, requestJson));
  }

  /** The operator gateway resolves a delivery notice (operatorPrivate is readable by MobilityMSP clients only). */
  @Transaction(false)
  @Returns('string')
  async ReadPrivateItem(ctx: LedgerContext, rideId: string, item: string): Promise<string> {
    requireMsp(ctx, [ORG_MSP.operator], 'read ride-share private data');
    return privateItem(ctx, rideId, item);
  }
}
