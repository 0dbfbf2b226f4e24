import { Type, type Static } from '@sinclair/typebox';
import { ORG_MSP } from '../lib/access';

export const VEHICLE_COMPONENT_TYPES = ['head-unit', 'ecu', 'digital-key-ecu', 'telematics-unit'] as const;

export const DEVICE_TYPES = [
  'owner-phone',
  ...VEHICLE_COMPONENT_TYPES,
  'rider-phone',
  'driver-phone',
  'auditor-phone',
  'crowd-verifier',
] as const;

export type DeviceType = (typeof DEVICE_TYPES)[number];
export type VehicleComponentType = (typeof VEHICLE_COMPONENT_TYPES)[number];

export function isVehicleComponent(type: DeviceType): type is VehicleComponentType {
  return (VEHICLE_COMPONENT_TYPES as readonly string[]).includes(type);
}

/** Which org may vouch for (register) each kind of device. */
export const DEVICE_VOUCHERS: Readonly<Record<DeviceType, readonly string[]>> = {
  'owner-phone': [ORG_MSP.automaker, ORG_MSP.operator],
  'head-unit': [ORG_MSP.automaker],
  ecu: [ORG_MSP.automaker],
  'digital-key-ecu': [ORG_MSP.automaker],
  'telematics-unit': [ORG_MSP.automaker],
  'rider-phone': [ORG_MSP.operator],
  'driver-phone': [ORG_MSP.operator],
  'auditor-phone': [ORG_MSP.auditor],
  'crowd-verifier': [ORG_MSP.auditor],
};

export const VIN_PATTERN = '^[A-HJ-NPR-Z0-9]{17}$';
/** Uncompressed (0x04…) or compressed (0x02/0x03…) secp256k1 public key. */
export const PUBLIC_KEY_PATTERN = '^0x(04[0-9a-fA-F]{128}|0[23][0-9a-fA-F]{64})$';

export const DeviceTypeSchema = Type.Union(DEVICE_TYPES.map((type) => Type.Literal(type)));
export const DeviceStatusSchema = Type.Union([Type.Literal('active'), Type.Literal('suspended'), Type.Literal('revoked')]);
export type DeviceStatus = Static<typeof DeviceStatusSchema>;

export const DeviceRecordSchema = Type.Object(
  {
    address: Type.String({ pattern: '^0x[0-9a-fA-F]{40}$' }),
    publicKey: Type.String({ pattern: PUBLIC_KEY_PATTERN }),
    type: DeviceTypeSchema,
    org: Type.String({ minLength: 1 }),
    status: DeviceStatusSchema,
    /** The vehicle a component is built into, bound by the automaker at registration. */
    vin: Type.Optional(Type.String({ pattern: VIN_PATTERN })),
    label: Type.Optional(Type.String({ maxLength: 128 })),
    statusReason: Type.Optional(Type.String({ maxLength: 256 })),
    registeredAtMs: Type.Integer(),
    registeredTxId: Type.String(),
    updatedAtMs: Type.Integer(),
  },
  { additionalProperties: false },
);
export type DeviceRecord = Static<typeof DeviceRecordSchema>;

export const RegisterDevicePayload = Type.Object(
  {
    publicKey: Type.String({ pattern: PUBLIC_KEY_PATTERN }),
    type: DeviceTypeSchema,
    vin: Type.Optional(Type.String({ pattern: VIN_PATTERN })),
    label: Type.Optional(Type.String({ maxLength: 128 })),
  },
  { additionalProperties: false },
);

export const DeviceStatusChange = Type.Object(
  {
    address: Type.String({ pattern: '^0x[0-9a-fA-F]{40}$' }),
    reason: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);

export const RevokeOwnDevicePayload = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);
