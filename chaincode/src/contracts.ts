import { DeviceContract } from './devices/device-contract';
import { PairingContract } from './pairing/pairing-contract';
import { RideshareContract } from './rideshare/rideshare-contract';

/** Every contract of the `mobility` chaincode; fabric-contract-api starts the ones listed here. */
export const contracts: (new () => object)[] = [DeviceContract, PairingContract, RideshareContract];
