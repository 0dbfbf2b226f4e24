import { Type } from '@sinclair/typebox';
import type { LedgerContext } from '../lib/context';
import { RecordStore } from '../lib/state';
import { PairingConfig } from './pairing-types';
import { DEFAULT_PROXIMITY_LIMIT_MM } from './proximity';

/** The automaker's pairing settings; defaults apply until it sets them. */
export const DEFAULT_PAIRING_CONFIG: PairingConfig = {
  proximityLimitMm: DEFAULT_PROXIMITY_LIMIT_MM,
  mismatchUnpairThreshold: 3,
  maxGuestValidityMs: 30 * 24 * 3600 * 1000,
};

/** How long a secondary request may wait for the owner's decision. */
export const REQUEST_TTL_MS = 7 * 24 * 3600 * 1000;
/** How long an invitation to another vehicle stays open. */
export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;
/** How long an owner-initiated transfer waits for the vehicle's confirmation. */
export const TRANSFER_CONFIRMATION_TTL_MS = 24 * 3600 * 1000;

const StoredConfig = Type.Object(
  { config: PairingConfig, updatedAtMs: Type.Integer({ minimum: 0 }), updatedTxId: Type.String({ minLength: 1 }) },
  { additionalProperties: false },
);

export const configStore = new RecordStore('pairing-config', StoredConfig, 'config');
export const CONFIG_KEY = ['current'] as const;

export async function readConfig(ctx: LedgerContext): Promise<PairingConfig> {
  return (await configStore.get(ctx, CONFIG_KEY))?.config ?? DEFAULT_PAIRING_CONFIG;
}
