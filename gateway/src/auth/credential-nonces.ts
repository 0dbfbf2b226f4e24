import { ClassicLevel } from 'classic-level';
import { mkdir } from 'node:fs/promises';
import { DeviceAuthError, unauthenticated } from './auth-error';

/** Where a gateway keeps the nonces of the credentials it accepted, under its data dir. */
export const CREDENTIAL_NONCES_DIRECTORY = 'credential-nonces';
export const DEFAULT_NONCE_PURGE_INTERVAL_MS = 60_000;

/** Marks a credential's (device, nonce) as used; refuses one used before with 401 `authorization.nonce`. */
export interface NonceConsumer {
  consume(device: string, nonce: string, expiresAt: number): Promise<void>;
}

export interface CredentialNonceStoreOptions {
  readonly now?: () => number;
  /** How often expired entries are deleted (also once when the store opens). */
  readonly purgeIntervalMs?: number;
}

type Db = ClassicLevel<string, string>;

/** A used credential: refused as long as the credential itself would be accepted. */
export function nonceReused(): DeviceAuthError {
  return unauthenticated('authorization.nonce', 'this credential was used already; sign a new one (each is single-use)');
}

// `u!<device>!<nonce>` → expiresAt (the check); `x!<expiresAt, 16 digits>!<device>!<nonce>` (the purge order).
// Devices are lower-case hex and nonces match [A-Za-z0-9_-]{8,64}, so `!` cannot occur inside either.
const usedKey = (device: string, nonce: string): string => `u!${device}!${nonce}`;
const expiryKey = (expiresAt: number, device: string, nonce: string): string => `x!${String(expiresAt).padStart(16, '0')}!${device}!${nonce}`;

/**
 * The nonces of the device credentials one gateway accepted (event subscriptions, dashboard login,
 * signed reads), so that each credential is single-use there. LevelDB in the gateway's data dir:
 * a restart does not reopen a window for replays. An entry lives until its credential expires
 * (the credential is refused as expired after that anyway) and is then purged, so the store holds
 * at most the credentials of one lifetime. Opened on first use.
 */
export class CredentialNonceStore implements NonceConsumer {
  private opening: Promise<Db> | undefined;
  private purger: NodeJS.Timeout | undefined;
  private purging: Promise<number> | undefined;
  private closed = false;
  /** Keys being checked and written right now: a concurrent second use loses at once. */
  private readonly inFlight = new Set<string>();
  private readonly now: () => number;

  constructor(
    readonly location: string,
    private readonly options: CredentialNonceStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Opens now (else on first use), e.g. to fail at start-up when the data dir is not writable. */
  async open(): Promise<void> {
    await this.db();
  }

  private db(): Promise<Db> {
    if (this.closed) return Promise.reject(new Error('the credential nonce store is closed'));
    if (!this.opening) {
      const opening = (async () => {
        await mkdir(this.location, { recursive: true });
        const db: Db = new ClassicLevel<string, string>(this.location, { keyEncoding: 'utf8', valueEncoding: 'utf8' });
        await db.open();
        await this.purgeFrom(db);
        this.purger = setInterval(() => void this.purgeExpired().catch(() => undefined), this.options.purgeIntervalMs ?? DEFAULT_NONCE_PURGE_INTERVAL_MS);
        this.purger.unref();
        return db;
      })();
      // A failed open is retried on the next use.
      opening.catch(() => {
        if (this.opening === opening) this.opening = undefined;
      });
      this.opening = opening;
    }
    return this.opening;
  }

  async consume(device: string, nonce: string, expiresAt: number): Promise<void> {
    const who = device.toLowerCase();
    const key = usedKey(who, nonce);
    if (this.inFlight.has(key)) throw nonceReused();
    this.inFlight.add(key);
    try {
      const db = await this.db();
      const stored = await db.get(key);
      const operations: ({ type: 'put'; key: string; value: string } | { type: 'del'; key: string })[] = [];
      if (stored !== undefined) {
        if (Number(stored) > this.now()) throw nonceReused();
        // Expired but not yet purged: replace it, with its purge entry.
        operations.push({ type: 'del', key: expiryKey(Number(stored), who, nonce) });
      }
      operations.push({ type: 'put', key, value: String(expiresAt) }, { type: 'put', key: expiryKey(expiresAt, who, nonce), value: '' });
      await db.batch(operations);
    } finally {
      this.inFlight.delete(key);
    }
  }

  /** Deletes the entries whose credentials have expired; returns how many. */
  purgeExpired(): Promise<number> {
    this.purging ??= this.db()
      .then((db) => this.purgeFrom(db))
      .finally(() => {
        this.purging = undefined;
      });
    return this.purging;
  }

  private async purgeFrom(db: Db): Promise<number> {
    const operations: { type: 'del'; key: string }[] = [];
    for await (const key of db.keys({ gt: 'x!', lte: `x!${String(this.now()).padStart(16, '0')}~` })) {
      const [, , device, nonce] = key.split('!');
      operations.push({ type: 'del', key }, { type: 'del', key: usedKey(device ?? '', nonce ?? '') });
    }
    if (operations.length > 0) await db.batch(operations);
    return operations.length / 2;
  }

  /** How many credentials are remembered (tests, metrics). */
  async size(): Promise<number> {
    const db = await this.db();
    let count = 0;
    for await (const _key of db.keys({ gt: 'u!', lt: 'u~' })) count += 1;
    return count;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.purger) clearInterval(this.purger);
    const opening = this.opening;
    if (!opening) return;
    const db = await opening.catch(() => undefined);
    await this.purging?.catch(() => undefined);
    await db?.close();
  }
}
