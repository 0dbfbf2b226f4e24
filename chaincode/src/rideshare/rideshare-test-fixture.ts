import { DeviceContract } from '../devices/device-contract';
import type { LedgerEventPayload, Notice } from '../lib/events';
import type { GeoPoint } from '../lib/geo';
import { sha256Hex } from '../lib/hash';
import { TestDevice, registerDevice } from '../testing/devices';
import { TestLedger, type InvokeResult } from '../testing/test-ledger';
import { firstHash, keyPartCommitment, openingCommitment, pinCommitment, secondHash } from './ride-hashes';
import type { RideRecord } from './ride-record-types';
import { DEFAULT_RIDESHARE_CONFIG } from './rideshare-config';
import { RideshareContract } from './rideshare-contract';
import type { KeyParts, LedgerView, PartyView, RequestDetails, ResponseDetails, RideshareConfig, Verdict, VehicleObservation } from './rideshare-types';

/** Test support for the ride-share contract: a ledger with registered devices, terms and vehicle links. */
export const VIN_ONE = '1HGCM82633A004352';
export const VIN_TWO = '2FMDK3GC4BBA12345';
export const TERMS_V1 = sha256Hex('ride-share terms v1');
export const TERMS_V2 = sha256Hex('ride-share terms v2');
export const PICKUP: GeoPoint = { latE6: 48_137_150, lonE6: 11_575_450 };
export const DESTINATION: GeoPoint = { latE6: 48_353_750, lonE6: 11_786_080 };
export const DRIVER_LOCATION: GeoPoint = { latE6: 48_140_020, lonE6: 11_580_030 };
export const OPERATOR_MSP = 'MobilityMSP';

export interface RideFixture {
  readonly rideId: string;
  readonly rider: TestDevice;
  readonly requestedAtMs: number;
  readonly details: RequestDetails;
  readonly requestKey: KeyParts;
  readonly pin: { readonly pin: string; readonly salt: string } | undefined;
  readonly cellE6: number;
  driver?: TestDevice;
  vehicle?: TestDevice;
  response?: { readonly respondedAtMs: number; readonly details: ResponseDetails; readonly key: KeyParts };
}

export interface PreparedCall {
  readonly args: string[];
  readonly transient: Record<string, string>;
}

export { rejection } from '../testing/rejection';

export class RideWorld {
  readonly ledger = new TestLedger();
  readonly devices = new DeviceContract();
  readonly contract = new RideshareContract();
  readonly rider = TestDevice.create('rider-phone', 'rideshare rider one');
  readonly rider2 = TestDevice.create('rider-phone', 'rideshare rider two');
  readonly driver = TestDevice.create('driver-phone', 'rideshare driver one');
  readonly driver2 = TestDevice.create('driver-phone', 'rideshare driver two');
  readonly headUnit = TestDevice.create('head-unit', 'rideshare head unit one');
  readonly telematics = TestDevice.create('telematics-unit', 'rideshare telematics one');
  readonly otherHeadUnit = TestDevice.create('head-unit', 'rideshare head unit two');
  /** Every event payload of every committed ride-share transaction, for scans of what was public. */
  readonly events: LedgerEventPayload[] = [];
  /** Arguments and results of every ride-share transaction: both are stored in the block. */
  readonly publicArgs: string[] = [];
  readonly results: string[] = [];
  config: RideshareConfig = DEFAULT_RIDESHARE_CONFIG;
  private counter = 0;

  /** Devices registered, terms v1 published and accepted by both riders and drivers, vehicles linked. */
  static async create(config: Partial<RideshareConfig> = {}): Promise<RideWorld> {
    const world = new RideWorld();
    for (const device of [world.rider, world.rider2, world.driver, world.driver2]) await registerDevice(world.ledger, world.devices, device);
    for (const device of [world.headUnit, world.telematics]) await registerDevice(world.ledger, world.devices, device, { vin: VIN_ONE });
    await registerDevice(world.ledger, world.devices, world.otherHeadUnit, { vin: VIN_TWO });
    if (Object.keys(config).length > 0) await world.setConfig({ ...DEFAULT_RIDESHARE_CONFIG, ...config });
    await world.submit('PublishTerms', [JSON.stringify({ version: 1, documentHash: TERMS_V1 })]);
    for (const device of [world.rider, world.rider2, world.driver, world.driver2]) await world.acceptTerms(device);
    await world.link(world.driver, world.headUnit);
    await world.link(world.driver, world.telematics);
    await world.link(world.driver2, world.otherHeadUnit);
    return world;
  }

  /** A fresh 256-bit hex secret (key parts, hashes of parameters). */
  secret(label: string): string {
    this.counter += 1;
    return sha256Hex(`rideshare-test:${label}:${this.counter}`);
  }

  salt(): string {
    return this.secret('salt').slice(0, 32);
  }

  async submit(method: string, args: readonly string[], options: { transient?: Record<string, string>; mspId?: string } = {}): Promise<InvokeResult> {
    const result = await this.ledger.submit(this.contract, method, args, { mspId: options.mspId ?? OPERATOR_MSP, transient: options.transient });
    this.publicArgs.push(...args);
    this.results.push(result.result);
    if (result.event) this.events.push(result.event.payload);
    return result;
  }

  async call(method: string, call: PreparedCall, mspId = OPERATOR_MSP): Promise<InvokeResult> {
    return this.submit(method, call.args, { transient: call.transient, mspId });
  }

  async evaluate(method: string, args: readonly string[], mspId = OPERATOR_MSP): Promise<string> {
    return this.ledger.evaluate(this.contract, method, args, { mspId });
  }

  async ride(rideId: string): Promise<RideRecord> {
    return JSON.parse(await this.evaluate('GetRide', [rideId])) as RideRecord;
  }

  async setConfig(config: RideshareConfig): Promise<void> {
    await this.submit('SetConfig', [JSON.stringify(config)]);
    this.config = config;
  }

  async acceptTerms(device: TestDevice, version = 1, documentHash = TERMS_V1): Promise<InvokeResult> {
    return this.submit('AcceptTerms', [await device.signJson('rideshare.acceptTerms', { version, documentHash }, this.ledger)]);
  }

  async link(driver: TestDevice, vehicle: TestDevice): Promise<InvokeResult> {
    const driverRequest = await driver.sign('rideshare.linkVehicle', { vehicleDevice: vehicle.address }, this.ledger);
    const vehicleRequest = await vehicle.sign('rideshare.linkDriver', { driver: driver.address }, this.ledger);
    return this.submit('LinkVehicle', [JSON.stringify({ driverRequest, vehicleRequest })]);
  }

  // ---- request and offer ------------------------------------------------------------------------

  async prepareRequest(
    options: { rider?: TestDevice; details?: Partial<RequestDetails>; pin?: string; requestedAtMs?: number; riderKeyPart?: string; ledgerKeyPart?: string } = {},
  ): Promise<{ call: PreparedCall; fixture: Omit<RideFixture, 'rideId'> }> {
    const rider = options.rider ?? this.rider;
    const details: RequestDetails = {
      salt: this.salt(),
      pickup: PICKUP,
      destination: DESTINATION,
      riderParametersHash: this.secret('rider parameters'),
      ...options.details,
    };
    const requestKey = { first: options.riderKeyPart ?? this.secret('rider key part'), second: options.ledgerKeyPart ?? this.secret('ledger key part') };
    const pin = options.pin ? { pin: options.pin, salt: this.salt() } : undefined;
    const requestedAtMs = options.requestedAtMs ?? this.ledger.clockMs;
    const payload = {
      requestedAtMs,
      detailsCommitment: openingCommitment(details),
      keyPartCommitment: keyPartCommitment(requestKey.first),
      ...(pin ? { pinCommitment: pinCommitment(pin.salt, pin.pin) } : {}),
    };
    const transient: Record<string, string> = {
      rideRequest: JSON.stringify(details),
      riderKeyPart: requestKey.first,
      ledgerKeyPart: requestKey.second,
      ...(pin ? { pinSalt: pin.salt } : {}),
    };
    const request = await rider.signJson('rideshare.requestRide', payload, this.ledger);
    return { call: { args: [request], transient }, fixture: { rider, requestedAtMs, details, requestKey, pin, cellE6: this.config.locationCellE6 } };
  }

  async requestRide(options: Parameters<RideWorld['prepareRequest']>[0] = {}): Promise<RideFixture> {
    const { call, fixture } = await this.prepareRequest(options);
    const { result } = await this.call('RequestRide', call);
    return { ...fixture, rideId: (JSON.parse(result) as RideRecord).rideId };
  }

  async offer(ride: RideFixture, driver: TestDevice = this.driver): Promise<InvokeResult> {
    return this.submit('OfferRide', [JSON.stringify({ rideId: ride.rideId, driver: driver.address })]);
  }

  // ---- response ---------------------------------------------------------------------------------

  async prepareAccept(
    ride: RideFixture,
    options: { driver?: TestDevice; vehicle?: TestDevice; details?: Partial<ResponseDetails>; respondedAtMs?: number } = {},
  ): Promise<{ call: PreparedCall; response: NonNullable<RideFixture['response']>; driver: TestDevice; vehicle: TestDevice }> {
    const driver = options.driver ?? this.driver;
    const vehicle = options.vehicle ?? this.headUnit;
    const details: ResponseDetails = {
      salt: this.salt(),
      location: DRIVER_LOCATION,
      driverParametersHash: this.secret('driver parameters'),
      vehicleParametersHash: this.secret('vehicle parameters'),
      ...options.details,
    };
    const key = { first: this.secret('driver key part'), second: this.secret('ledger response key part') };
    const respondedAtMs = options.respondedAtMs ?? this.ledger.clockMs;
    const payload = {
      rideId: ride.rideId,
      decision: 'accept',
      respondedAtMs,
      vehicleDevice: vehicle.address,
      detailsCommitment: openingCommitment(details),
      keyPartCommitment: keyPartCommitment(key.first),
    };
    const request = await driver.signJson('rideshare.respond', payload, this.ledger);
    const transient = { rideResponse: JSON.stringify(details), driverKeyPart: key.first, ledgerKeyPart: key.second };
    return { call: { args: [request], transient }, response: { respondedAtMs, details, key }, driver, vehicle };
  }

  async accept(ride: RideFixture, options: Parameters<RideWorld['prepareAccept']>[1] = {}): Promise<InvokeResult> {
    const prepared = await this.prepareAccept(ride, options);
    const result = await this.call('RespondToRide', prepared.call);
    ride.response = prepared.response;
    ride.driver = prepared.driver;
    ride.vehicle = prepared.vehicle;
    return result;
  }

  async decline(ride: RideFixture, driver: TestDevice = this.driver): Promise<InvokeResult> {
    const request = await driver.signJson('rideshare.respond', { rideId: ride.rideId, decision: 'decline', respondedAtMs: this.ledger.clockMs }, this.ledger);
    return this.submit('RespondToRide', [request]);
  }

  // ---- reconciliation ---------------------------------------------------------------------------

  ledgerView(ride: RideFixture): LedgerView {
    if (!ride.response) throw new Error('ride has no response');
    return { request: ride.details, requestKey: ride.requestKey, response: ride.response.details, responseKey: ride.response.key };
  }

  /** The hashes an honest party computes from what it holds, with its own raw locations. */
  partyHashes(ride: RideFixture, view: PartyView): { requestHash: string; responseHash: string } {
    if (!ride.response) throw new Error('ride has no response');
    const first = firstHash({ requestedAtMs: ride.requestedAtMs, details: { ...ride.details, pickup: view.requestLocation }, key: ride.requestKey }, ride.cellE6);
    const ledgerFirst = firstHash({ requestedAtMs: ride.requestedAtMs, details: ride.details, key: ride.requestKey }, ride.cellE6);
    const second = secondHash(
      { firstHash: ledgerFirst, respondedAtMs: ride.response.respondedAtMs, details: { ...ride.response.details, location: view.responseLocation }, key: ride.response.key },
      ride.cellE6,
    );
    return { requestHash: first, responseHash: second };
  }

  async prepareHashes(
    ride: RideFixture,
    device: TestDevice,
    options: { requestLocation?: GeoPoint; responseLocation?: GeoPoint; requestHash?: string; responseHash?: string; ledgerView?: unknown } = {},
  ): Promise<PreparedCall> {
    if (!ride.response) throw new Error('ride has no response');
    const view: PartyView = {
      salt: this.salt(),
      requestLocation: options.requestLocation ?? ride.details.pickup,
      responseLocation: options.responseLocation ?? ride.response.details.location,
    };
    const hashes = this.partyHashes(ride, view);
    const payload = {
      rideId: ride.rideId,
      requestHash: options.requestHash ?? hashes.requestHash,
      responseHash: options.responseHash ?? hashes.responseHash,
      viewCommitment: openingCommitment(view),
    };
    const request = await device.signJson('rideshare.submitHashes', payload, this.ledger);
    return { args: [request], transient: { partyView: JSON.stringify(view), ledgerView: JSON.stringify(options.ledgerView ?? this.ledgerView(ride)) } };
  }

  async submitHashes(ride: RideFixture, device: TestDevice, options: Parameters<RideWorld['prepareHashes']>[2] = {}): Promise<InvokeResult> {
    return this.call('SubmitRideHashes', await this.prepareHashes(ride, device, options));
  }

  // ---- pickup -----------------------------------------------------------------------------------

  async preparePickup(
    ride: RideFixture,
    options: { device?: TestDevice; position?: GeoPoint; face?: Verdict; voice?: Verdict; pin?: string; pinSalt?: string; rideRequest?: unknown } = {},
  ): Promise<PreparedCall> {
    const device = options.device ?? ride.vehicle ?? this.headUnit;
    const observation: VehicleObservation = { salt: this.salt(), position: options.position ?? ride.details.pickup, ...(options.pin ? { pin: options.pin } : {}) };
    const payload = {
      rideId: ride.rideId,
      observationCommitment: openingCommitment(observation),
      face: options.face ?? { score: 950, modelId: 'face-net-v3' },
      voice: options.voice ?? { score: 900, modelId: 'speaker-id-v2' },
    };
    const request = await device.signJson('rideshare.verifyPickup', payload, this.ledger);
    const transient: Record<string, string> = {
      vehicleObservation: JSON.stringify(observation),
      rideRequest: JSON.stringify(options.rideRequest ?? ride.details),
    };
    const pinSalt = options.pinSalt ?? (options.pin ? ride.pin?.salt : undefined);
    if (pinSalt) transient.pinSalt = pinSalt;
    return { args: [request], transient };
  }

  async verifyPickup(ride: RideFixture, options: Parameters<RideWorld['preparePickup']>[1] = {}): Promise<InvokeResult> {
    return this.call('VerifyPickup', await this.preparePickup(ride, options));
  }

  async partyAction(method: 'CompleteRide' | 'CancelRide' | 'DisputeRide', ride: RideFixture, device: TestDevice, reason?: string): Promise<InvokeResult> {
    const action = { CompleteRide: 'rideshare.completeRide', CancelRide: 'rideshare.cancelRide', DisputeRide: 'rideshare.disputeRide' }[method];
    return this.submit(method, [await device.signJson(action, { rideId: ride.rideId, ...(reason ? { reason } : {}) }, this.ledger)]);
  }

  // ---- whole stages -----------------------------------------------------------------------------

  async respondedRide(options: Parameters<RideWorld['prepareRequest']>[0] = {}): Promise<RideFixture> {
    const ride = await this.requestRide(options);
    await this.offer(ride);
    await this.accept(ride);
    return ride;
  }

  async acceptedRide(options: Parameters<RideWorld['prepareRequest']>[0] = {}): Promise<RideFixture> {
    const ride = await this.respondedRide(options);
    await this.submitHashes(ride, ride.rider);
    await this.submitHashes(ride, this.driver);
    return ride;
  }

  async pickedUpRide(options: Parameters<RideWorld['prepareRequest']>[0] = {}): Promise<RideFixture> {
    const ride = await this.acceptedRide(options);
    await this.verifyPickup(ride);
    return ride;
  }
}

export function noticesOf(result: InvokeResult): readonly Notice[] {
  return result.event?.payload.notices ?? [];
}

export function notice(result: InvokeResult, type: string): Notice {
  const found = noticesOf(result).find((candidate) => candidate.type === type);
  if (!found) throw new Error(`no ${type} notice in ${noticesOf(result).map((n) => n.type).join(', ')}`);
  return found;
}
