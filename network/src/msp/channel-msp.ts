import type { CryptoMaterial } from './crypto-material';
import { mspDefinitions } from './crypto-material';
import { MspManager, type MspManagerOptions } from './msp-manager';

/** The channel's MSP manager: every peer org and the orderer org of the material. */
export function createChannelMspManager(material: CryptoMaterial, options?: MspManagerOptions): MspManager {
  return new MspManager(mspDefinitions(material), options);
}
