/** What the gateway needs to know about a device to authenticate it (from the registry, devices:Get). */
export interface DeviceInfo {
  /** Checksummed address. */
  readonly address: string;
  readonly deviceType: string;
  /** `active`, `suspended` or `revoked`. */
  readonly status: string;
  /** MSP ID of the org that vouched for the device. */
  readonly org: string;
}

/**
 * Finds a registered device. `undefined` means not registered; a failure to ask the ledger throws.
 * `invalidate` (optional) drops a cached answer, e.g. when the event feed sees the device suspended.
 */
export interface DeviceLookup {
  getDevice(address: string): Promise<DeviceInfo | undefined>;
  invalidate?(address: string): void;
}

/** The lookup could not reach the ledger (peer down, timeout): the caller answers 503. */
export class DeviceLookupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DeviceLookupError';
  }
}
