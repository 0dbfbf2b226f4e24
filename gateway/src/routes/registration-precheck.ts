import { DEVICE_VOUCHERS, type DeviceType } from '@mobility-ledger/chaincode/dist/devices/device-types';
import { computeAddress, getAddress } from 'ethers';
import { ApiError } from '../api/api-error';

/**
 * devices:Register, checked before endorsement: the device proves it holds the key it registers
 * (`device` is the address of `payload.publicKey`), and this gateway's org may vouch for its type.
 */
export function precheckRegistration(body: Readonly<Record<string, unknown>>, mspId: string): void {
  const payload = body.payload as { publicKey: string; type: DeviceType };
  let keyAddress: string;
  try {
    keyAddress = getAddress(computeAddress(payload.publicKey));
  } catch {
    throw new ApiError('INVALID_ARGUMENT', 'payload.publicKey: is not a valid secp256k1 public key', { field: 'payload.publicKey' });
  }
  if (keyAddress !== getAddress(String(body.device))) {
    throw new ApiError('INVALID_ARGUMENT', 'device: must be the address of payload.publicKey', { field: 'device' });
  }
  const vouchers = DEVICE_VOUCHERS[payload.type];
  if (!vouchers.includes(mspId)) {
    throw new ApiError('PERMISSION_DENIED', `caller: ${mspId} may not vouch for a ${payload.type}; ask the gateway of ${vouchers.join(' or ')}`, {
      field: 'caller',
    });
  }
}
