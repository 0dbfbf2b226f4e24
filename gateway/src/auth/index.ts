/**
 * Device authentication for the gateway's non-transaction calls (event streams, dashboard):
 * `Authorization: Device <base64url(JSON of a SignedDeviceRequest)>`.
 */
export type { AuthenticatedDevice } from './authenticated-device';
export { DeviceAuthError, type AuthErrorCode } from './auth-error';
export {
  CREDENTIAL_NONCES_DIRECTORY,
  CredentialNonceStore,
  DEFAULT_NONCE_PURGE_INTERVAL_MS,
  nonceReused,
  type CredentialNonceStoreOptions,
  type NonceConsumer,
} from './credential-nonces';
export { DEVICE_SCHEME, decodeDeviceToken, deviceTokenOf, encodeDeviceAuthorization, encodeDeviceToken } from './authorization-header';
export { deviceAuthHook, sendAuthError, type DeviceAuthOptions } from './device-auth-hook';
export { DeviceLookupError, type DeviceInfo, type DeviceLookup } from './device-lookup';
export { singleUseSignedReads, type SingleUseSignedReadsOptions } from './single-use-signed-reads';
export { createFabricDeviceLookup, DEFAULT_LOOKUP_TTL_MS, FabricDeviceLookup, type FabricDeviceLookupOptions } from './fabric-device-lookup';
export {
  authenticateDevice,
  DEFAULT_CHANNEL,
  DEFAULT_CLOCK_SKEW_MS,
  MAX_CREDENTIAL_LIFETIME_MS,
  verifyDeviceCredential,
  type CredentialRules,
  type DeviceRules,
} from './verify-device-credential';
