import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Vin } from './pairing-types';

/**
 * Personal data. It reaches the chaincode only as transient data, is stored only in the `oemPrivate`
 * collection, and the public ledger holds only its commitment (a salted hash the device signed).
 */
const Text = Type.String({ minLength: 1, maxLength: 300 });
const IsoDate = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' });

/** Device identifiers of paragraph 50: MAC, IMEI, ESN. */
export const DeviceIdentifiers = Type.Object(
  {
    mac: Type.Optional(Type.String({ pattern: '^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$' })),
    imei: Type.Optional(Type.String({ pattern: '^[0-9]{15}$' })),
    esn: Type.Optional(Type.String({ pattern: '^[0-9A-Fa-f]{8}$' })),
  },
  { additionalProperties: false, minProperties: 1 },
);

/** Ownership data held by the owner's phone (paragraphs 50, 57): it may list several VINs (paragraph 67). */
export const PhoneOwnershipData = Type.Object(
  {
    ownerName: Text,
    ownerAddress: Type.Optional(Text),
    purchaseDate: IsoDate,
    purchasePlace: Type.Optional(Text),
    vins: Type.Array(Vin, { minItems: 1, maxItems: 20, uniqueItems: true }),
    deviceIds: DeviceIdentifiers,
  },
  { additionalProperties: false },
);
export type PhoneOwnershipData = Static<typeof PhoneOwnershipData>;

/** Ownership data held by the vehicle with its digital key, reported by the digital-key-ecu (claim 1). */
export const VehicleOwnershipData = Type.Object(
  {
    ownerName: Text,
    ownerAddress: Type.Optional(Text),
    purchaseDate: IsoDate,
    purchasePlace: Type.Optional(Text),
    vin: Vin,
  },
  { additionalProperties: false },
);
export type VehicleOwnershipData = Static<typeof VehicleOwnershipData>;

/** Data a secondary device may send with its request (paragraph 62: e.g. the spouse's name). */
export const SecondaryDeviceData = Type.Object(
  { holderName: Text, holderAddress: Type.Optional(Text), deviceIds: Type.Optional(DeviceIdentifiers) },
  { additionalProperties: false },
);
export type SecondaryDeviceData = Static<typeof SecondaryDeviceData>;

/**
 * What a device commits to: its data with a random salt of at least 128 bits. The commitment is
 * sha256 of the opening's canonical JSON, and the opening is stored byte for byte in `oemPrivate`,
 * so Fabric's private-data hash of that key equals the commitment on the public record.
 */
export function openingSchema<T extends TSchema>(data: T) {
  return Type.Object(
    { salt: Type.String({ pattern: '^[0-9a-f]{32,128}$' }), data },
    { additionalProperties: false },
  );
}

export const PhoneOwnershipOpening = openingSchema(PhoneOwnershipData);
export const VehicleOwnershipOpening = openingSchema(VehicleOwnershipData);
export const SecondaryDeviceOpening = openingSchema(SecondaryDeviceData);

export interface Opening<T> {
  salt: string;
  data: T;
}

/** Transient-map keys carrying openings (and GPS fixes). */
export const TRANSIENT = {
  deviceOwnership: 'deviceOwnership',
  /** The inviting owner phone's ownership opening, stored at its pre-pairing, sent again by the client. */
  ownerOwnership: 'ownerOwnership',
  vehicleOwnership: 'vehicleOwnership',
  deviceData: 'deviceData',
  fixes: 'fixes',
} as const;
