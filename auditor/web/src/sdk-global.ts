/**
 * The part of the device SDK's browser bundle (gateway/src/sdk, served as
 * /dashboard/assets/mobility-sdk.js, global `MobilitySdk`) the dashboard uses to sign its login.
 */
export interface DeviceKeyLike {
  readonly address: string;
}

export interface RequestSignerLike {
  /** `Device <base64url(JSON of a signed request)>` for the action, valid for ttlMs (≤ 5 min). */
  authorization(action: string, payload?: unknown, ttlMs?: number): Promise<string>;
}

export interface MobilitySdkGlobal {
  readonly DeviceKey: {
    fromPrivateKey(privateKey: string): DeviceKeyLike;
    fromEncryptedJson(json: string, password: string): Promise<DeviceKeyLike>;
  };
  readonly RequestSigner: new (key: DeviceKeyLike, options?: { channel?: string }) => RequestSignerLike;
}

export function mobilitySdk(): MobilitySdkGlobal {
  const sdk = (globalThis as { MobilitySdk?: MobilitySdkGlobal }).MobilitySdk;
  if (!sdk) throw new Error('the device SDK (mobility-sdk.js) did not load');
  return sdk;
}
