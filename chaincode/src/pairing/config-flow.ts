import type { LedgerContext } from '../lib/context';
import { parseJsonArgument } from '../lib/validate';
import { CONFIG_KEY, configStore } from './pairing-config';
import { AUTOMAKER } from './pairing-notices';
import { requireAutomakerEndorsement } from './pairing-store';
import { PairingConfig } from './pairing-types';

/** The automaker sets the proximity limit, the mismatch count that un-pairs, and the longest guest pairing. */
export async function setConfig(ctx: LedgerContext, argJson: string): Promise<PairingConfig> {
  const config = parseJsonArgument(PairingConfig, argJson, 'config');
  const isNew = !(await configStore.exists(ctx, CONFIG_KEY));
  await configStore.put(ctx, CONFIG_KEY, { config, updatedAtMs: ctx.nowMs, updatedTxId: ctx.txId });
  if (isNew) await requireAutomakerEndorsement(ctx, configStore.key(ctx, CONFIG_KEY));
  ctx.events.emit('pairing.ConfigChanged', [AUTOMAKER], { ...config });
  return config;
}
