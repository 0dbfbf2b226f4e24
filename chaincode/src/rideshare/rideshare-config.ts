import type { LedgerContext } from '../lib/context';
import { toOrg } from '../lib/events';
import { ORG_MSP } from '../lib/access';
import { parseJsonArgument } from '../lib/validate';
import { configStore, CURRENT, requireOperatorEndorsement } from './rideshare-store';
import { RideshareConfig } from './rideshare-types';

/** The operator's ride-share rules; these defaults apply until it sets its own. */
export const DEFAULT_RIDESHARE_CONFIG: RideshareConfig = {
  locationCellE6: 100, // about 11 m of latitude
  locationToleranceMm: 50_000,
  pickupRadiusMm: 100_000,
  faceThreshold: 800,
  voiceThreshold: 750,
  maxPickupAttempts: 3,
  pinFallback: true,
  maxMessageAgeMs: 5 * 60 * 1000,
  maxClockSkewMs: 60 * 1000,
};

export async function readConfig(ctx: LedgerContext): Promise<RideshareConfig> {
  return (await configStore.get(ctx, CURRENT))?.config ?? DEFAULT_RIDESHARE_CONFIG;
}

/** The operator sets the rules; each ride keeps the rules in force when it was requested. */
export async function setConfig(ctx: LedgerContext, argJson: string): Promise<RideshareConfig> {
  const config = parseJsonArgument(RideshareConfig, argJson, 'config');
  const isNew = !(await configStore.exists(ctx, CURRENT));
  await configStore.put(ctx, CURRENT, { config, updatedAtMs: ctx.nowMs, updatedTxId: ctx.txId });
  if (isNew) await requireOperatorEndorsement(ctx, configStore.key(ctx, CURRENT));
  ctx.events.emit('rideshare.ConfigChanged', [toOrg(ORG_MSP.operator)], { ...config });
  return config;
}
