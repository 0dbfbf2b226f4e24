import { rmSync } from 'node:fs';
import type { BlockReader } from './block-scan';
import type { E2eNetwork } from './e2e-network';

/**
 * Ends a suite: stops the network, then closes its block streams (see BlockReader for why only
 * after the network has stopped) and deletes the network's temporary data directory.
 */
export async function tearDownNetwork(network: E2eNetwork | undefined, ...readers: (BlockReader | undefined)[]): Promise<void> {
  if (!network) return;
  await network.stop();
  for (const reader of readers) reader?.close();
  rmSync(network.process.ready.dataDir, { recursive: true, force: true });
}
