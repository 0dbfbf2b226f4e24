import type { Contract } from '@hyperledger/fabric-gateway';
import { parseLedgerErrorMessage } from '@mobility-ledger/chaincode/dist/client';
import { getAddress } from 'ethers';
import { DeviceLookupError, type DeviceInfo, type DeviceLookup } from './device-lookup';

export interface FabricDeviceLookupOptions {
  /** How long an answer (also "not registered") is reused; short, so a suspension bites quickly. */
  readonly ttlMs?: number;
  readonly maxEntries?: number;
  readonly now?: () => number;
}

export const DEFAULT_LOOKUP_TTL_MS = 5_000;
const DEFAULT_MAX_ENTRIES = 10_000;

interface CacheEntry {
  readonly device: DeviceInfo | undefined;
  readonly expiresAtMs: number;
}

const utf8 = new TextDecoder();

/** The messages a fabric-gateway error carries: its own and each peer's ErrorDetail. */
function messagesOf(error: unknown): string[] {
  if (!(error instanceof Error)) return [String(error)];
  const details = (error as { details?: { message?: string }[] }).details ?? [];
  return [error.message, ...details.map((detail) => detail.message ?? '')];
}

function isNotRegistered(error: unknown): boolean {
  return messagesOf(error).some((message) => {
    const code = parseLedgerErrorMessage(message)?.code;
    return code === 'NOT_FOUND' || code === 'INVALID_ARGUMENT';
  });
}

function deviceInfoOf(bytes: Uint8Array): DeviceInfo {
  const record = JSON.parse(utf8.decode(bytes)) as { address?: unknown; type?: unknown; status?: unknown; org?: unknown };
  if (typeof record.address !== 'string' || typeof record.type !== 'string' || typeof record.status !== 'string' || typeof record.org !== 'string') {
    throw new DeviceLookupError('devices:Get returned a record without address, type, status and org');
  }
  return { address: record.address, deviceType: record.type, status: record.status, org: record.org };
}

/**
 * DeviceLookup backed by an evaluate of `devices:Get` on the gateway's own peer, with a short cache
 * and one ledger read at a time per address (a reconnect storm asks the peer once).
 */
export class FabricDeviceLookup implements DeviceLookup {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly inFlight = new Map<string, Promise<DeviceInfo | undefined>>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly contract: Pick<Contract, 'evaluateTransaction'>,
    options: FabricDeviceLookupOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? DEFAULT_LOOKUP_TTL_MS;
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    this.now = options.now ?? Date.now;
  }

  async getDevice(address: string): Promise<DeviceInfo | undefined> {
    const key = address.toLowerCase();
    const cached = this.cache.get(key);
    if (cached && cached.expiresAtMs > this.now()) return cached.device;
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const read = this.read(address).then(
      (device) => {
        // An invalidate() while reading makes this answer stale: do not cache it.
        if (this.inFlight.get(key) === read) this.remember(key, device);
        return device;
      },
    ).finally(() => {
      if (this.inFlight.get(key) === read) this.inFlight.delete(key);
    });
    this.inFlight.set(key, read);
    return read;
  }

  invalidate(address: string): void {
    const key = address.toLowerCase();
    this.cache.delete(key);
    this.inFlight.delete(key);
  }

  private async read(address: string): Promise<DeviceInfo | undefined> {
    let checksummed: string;
    try {
      checksummed = getAddress(address.toLowerCase());
    } catch {
      return undefined;
    }
    let bytes: Uint8Array;
    try {
      bytes = await this.contract.evaluateTransaction('devices:Get', checksummed);
    } catch (error) {
      if (isNotRegistered(error)) return undefined;
      throw new DeviceLookupError(`cannot read device ${address} from the ledger: ${(error as Error).message}`, { cause: error });
    }
    return deviceInfoOf(bytes);
  }

  private remember(key: string, device: DeviceInfo | undefined): void {
    this.cache.delete(key);
    if (this.cache.size >= this.maxEntries) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(key, { device, expiresAtMs: this.now() + this.ttlMs });
  }
}

export function createFabricDeviceLookup(contract: Pick<Contract, 'evaluateTransaction'>, options?: FabricDeviceLookupOptions): FabricDeviceLookup {
  return new FabricDeviceLookup(contract, options);
}
