import { api, ApiFailure } from './api';
import type { SessionAnswer } from './api-types';
import { mobilitySdk, type DeviceKeyLike } from './sdk-global';

/** What the auditor signs to open the dashboard; the gateway checks it (deviceTypes auditor-phone). */
export const DASHBOARD_ACTION = 'gateway.dashboard';

export class LoginError extends Error {
  override name = 'LoginError';
}

function normalisedPrivateKey(text: string): string {
  const trimmed = text.trim();
  const hex = trimmed.startsWith('0x') || trimmed.startsWith('0X') ? trimmed.slice(2) : trimmed;
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new LoginError('A private key is 64 hex digits (optionally starting with 0x).');
  return `0x${hex}`;
}

export function keyFromPrivateKey(text: string): DeviceKeyLike {
  return mobilitySdk().DeviceKey.fromPrivateKey(normalisedPrivateKey(text));
}

/**
 * A key file: an encrypted JSON keystore (Web3 Secret Storage, what DeviceKey.toEncryptedJson
 * writes; needs the password) or the dev stack's demo key file (`{privateKey}`).
 */
export async function keyFromFile(text: string, password: string): Promise<DeviceKeyLike> {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new LoginError('The file is not JSON: choose a keystore file or the demo key file.');
  }
  if (typeof parsed.privateKey === 'string') return keyFromPrivateKey(parsed.privateKey);
  if (typeof parsed.crypto === 'object' || typeof parsed.Crypto === 'object') {
    try {
      return await mobilitySdk().DeviceKey.fromEncryptedJson(text, password);
    } catch (error) {
      throw new LoginError(`The keystore could not be opened: ${(error as Error).message}`);
    }
  }
  throw new LoginError('The file holds neither a keystore nor a private key.');
}

/** Signs the login with the device key (valid one minute) and opens a session; the key is not kept. */
export async function logIn(key: DeviceKeyLike): Promise<SessionAnswer> {
  const sdk = mobilitySdk();
  const authorization = await new sdk.RequestSigner(key).authorization(DASHBOARD_ACTION, {}, 60_000);
  try {
    return await api.login(authorization);
  } catch (error) {
    if (error instanceof ApiFailure && error.status === 403) throw new LoginError(`Refused: ${error.message}. Only auditor devices may use the dashboard.`);
    if (error instanceof ApiFailure && error.status === 401) throw new LoginError(`Not accepted: ${error.message}.`);
    throw error;
  }
}
