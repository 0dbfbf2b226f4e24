import type { LedgerContext } from '../lib/context';
import { failedPrecondition, invalidArgument, notFound, permissionDenied } from '../lib/errors';
import { toDevice } from '../lib/events';
import { parseJsonArgument } from '../lib/validate';
import { requireActiveDevice, verifyDeviceRequest, verifyDeviceRequestArgument } from '../devices/device-registry';
import type { VehicleLinkRecord } from './ride-record-types';
import { OPERATOR } from './ride-notices';
import { vehicleLinks } from './rideshare-store';
import { LinkDriverPayload, LinkVehicleArg, LinkVehiclePayload, UnlinkVehiclePayload } from './rideshare-types';
import { checksummed } from './rideshare-access';

export const VEHICLE_VERDICT_TYPES = ['head-unit', 'telematics-unit'] as const;

/**
 * Links a driver account to a vehicle component that will submit vehicle-side verdicts. Both sides
 * sign: the driver-phone names the component, the component (bound to its VIN by the automaker at
 * registration) names the driver. A driver may link several vehicles, a vehicle several drivers.
 */
export async function linkVehicle(ctx: LedgerContext, argJson: string): Promise<VehicleLinkRecord> {
  const arg = parseJsonArgument(LinkVehicleArg, argJson, 'link');
  const driverSide = await verifyDeviceRequest(
    ctx,
    arg.driverRequest,
    { action: 'rideshare.linkVehicle', payload: LinkVehiclePayload, deviceTypes: ['driver-phone'] },
    'link.driverRequest',
  );
  const vehicleSide = await verifyDeviceRequest(
    ctx,
    arg.vehicleRequest,
    { action: 'rideshare.linkDriver', payload: LinkDriverPayload, deviceTypes: [...VEHICLE_VERDICT_TYPES] },
    'link.vehicleRequest',
  );
  const driver = driverSide.device.address;
  const component = vehicleSide.device;
  if (checksummed(driverSide.payload.vehicleDevice, 'link.driverRequest.payload.vehicleDevice') !== component.address) {
    throw invalidArgument('link.driverRequest.payload.vehicleDevice', 'must name the vehicle component that signed link.vehicleRequest');
  }
  if (checksummed(vehicleSide.payload.driver, 'link.vehicleRequest.payload.driver') !== driver) {
    throw invalidArgument('link.vehicleRequest.payload.driver', 'must name the driver-phone that signed link.driverRequest');
  }
  if (!component.vin) throw failedPrecondition('link.vehicleRequest.device', 'the vehicle component is not bound to a VIN');
  const existing = await vehicleLinks.get(ctx, [driver, component.address]);
  if (existing?.status === 'linked') throw failedPrecondition('link', 'this driver and vehicle component are already linked');
  const record: VehicleLinkRecord = {
    driver,
    vehicleDevice: component.address,
    deviceType: component.type as VehicleLinkRecord['deviceType'],
    vin: component.vin,
    status: 'linked',
    linkedAtMs: ctx.nowMs,
    linkedTxId: ctx.txId,
    updatedAtMs: ctx.nowMs,
    updatedTxId: ctx.txId,
  };
  await vehicleLinks.put(ctx, [driver, component.address], record);
  ctx.events.emit('rideshare.VehicleLinked', [toDevice(driver), toDevice(component.address), OPERATOR], {
    driver,
    vehicleDevice: component.address,
    vin: component.vin,
  });
  return record;
}

/** Either side ends the link (vehicle sold, driver leaves the fleet). */
export async function unlinkVehicle(ctx: LedgerContext, requestJson: string): Promise<VehicleLinkRecord> {
  const { device, payload } = await verifyDeviceRequestArgument(ctx, requestJson, {
    action: 'rideshare.unlinkVehicle',
    payload: UnlinkVehiclePayload,
    deviceTypes: ['driver-phone', ...VEHICLE_VERDICT_TYPES],
  });
  const driver = checksummed(payload.driver, 'request.payload.driver');
  const vehicleDevice = checksummed(payload.vehicleDevice, 'request.payload.vehicleDevice');
  if (device.address !== driver && device.address !== vehicleDevice) {
    throw permissionDenied('request.device', 'only the linked driver-phone or vehicle component may unlink');
  }
  const link = await vehicleLinks.get(ctx, [driver, vehicleDevice]);
  if (!link || link.status !== 'linked') throw notFound('link', `${driver} is not linked to ${vehicleDevice}`);
  const updated: VehicleLinkRecord = { ...link, status: 'unlinked', updatedAtMs: ctx.nowMs, updatedTxId: ctx.txId };
  await vehicleLinks.put(ctx, [driver, vehicleDevice], updated);
  ctx.events.emit('rideshare.VehicleUnlinked', [toDevice(driver), toDevice(vehicleDevice), OPERATOR], { driver, vehicleDevice, vin: link.vin, by: device.address });
  return updated;
}

/** An active link between a driver and a vehicle component whose device is still active. */
export async function requireActiveLink(ctx: LedgerContext, driver: string, vehicleDevice: string, field: string): Promise<VehicleLinkRecord> {
  const link = await vehicleLinks.get(ctx, [driver, vehicleDevice]);
  if (!link || link.status !== 'linked') throw failedPrecondition(field, `vehicle component ${vehicleDevice} is not linked to driver ${driver}`);
  await requireActiveDevice(ctx, vehicleDevice, field);
  return link;
}

export async function hasActiveLink(ctx: LedgerContext, driver: string): Promise<boolean> {
  const links = await vehicleLinks.list(ctx, [driver]);
  return links.some((link) => link.status === 'linked');
}
