import { DeviceContract } from './devices/device-contract';
import { PairingContract } from './pairing/pairing-contract';
import { RideshareContract } from './rideshare/rideshare-contract';
import { TrailContract } from './trail/trail-contract';
import { VIN_AUDIT_CONTRACTS } from './vinaudit';

/** Every contract of the `mobility` chaincode; fabric-contract-api starts the ones listed here. */
export const contracts: (new () => object)[] = [DeviceContract, PairingContract, RideshareContract, ...VIN_AUDIT_CONTRACTS, TrailContract];
