import type { Contract, SubmittedTransaction } from '@hyperledger/fabric-gateway';
import { hexlify, randomBytes, Wallet } from 'ethers';
import { signedRequest } from './e2e-network';

/** A device type each org may vouch for (chaincode DEVICE_VOUCHERS). */
export const VOUCHABLE_TYPE: Readonly<Record<string, string>> = {
  OemMSP: 'owner-phone',
  MobilityMSP: 'rider-phone',
  AuditMSP: 'auditor-phone',
};

export interface PendingRegistration {
  readonly address: string;
  readonly submitted: SubmittedTransaction;
}

/** A fresh device key (no mnemonic: cheaper than Wallet.createRandom under load). */
export function newDeviceWallet(): Wallet {
  return new Wallet(hexlify(randomBytes(32)));
}

/** Submits devices:Register for a new device (endorse + order); the caller awaits its commit status. */
export async function submitRegistration(
  contract: Contract,
  mspId: string,
  options: { endorsingOrganizations?: string[] } = {},
): Promise<PendingRegistration> {
  const wallet = newDeviceWallet();
  const type = VOUCHABLE_TYPE[mspId];
  if (!type) throw new Error(`no device type for ${mspId}`);
  const request = await signedRequest(wallet, 'devices.register', { publicKey: wallet.signingKey.publicKey, type });
  const submitted = await contract.submitAsync('devices:Register', { arguments: [JSON.stringify(request)], ...options });
  return { address: wallet.address, submitted };
}
