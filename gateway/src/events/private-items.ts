import type { Contract } from '@hyperledger/fabric-gateway';
import { createHash } from 'node:crypto';
import type { BaseLogger } from 'pino';
import type { StoredNotice } from './stored-notice';

/**
 * Notices never carry secrets: a ride-share notice names a private item instead
 * (`{collection, item, privateKey, commitment}`, either as the notice data itself or under one of its
 * fields, e.g. `details`). The gateway of an org that holds the collection reads the item and forwards
 * it to the devices the notice names, and to no one else (chaincode/src/rideshare/README.md).
 */
export interface PrivateItemRef {
  readonly collection: string;
  readonly item: string;
  readonly privateKey: string;
  readonly commitment: string;
}

export interface PrivateItemResolver {
  /** The items `notice` refers to, by item name; only what could be read and matched its commitment. */
  resolve(notice: StoredNotice): Promise<Record<string, unknown> | undefined>;
}

function asRef(value: unknown): PrivateItemRef | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { collection, item, privateKey, commitment } = value as Record<string, unknown>;
  if (typeof collection !== 'string' || typeof item !== 'string' || typeof privateKey !== 'string' || typeof commitment !== 'string') return undefined;
  return { collection, item, privateKey, commitment };
}

/** The private-item references in a notice's data (the data itself, or any top-level field). */
export function privateRefsOf(data: Record<string, unknown>): PrivateItemRef[] {
  const refs: PrivateItemRef[] = [];
  const own = asRef(data);
  if (own) refs.push(own);
  for (const value of Object.values(data)) {
    const ref = asRef(value);
    if (ref) refs.push(ref);
  }
  return refs;
}

export const OPERATOR_PRIVATE_COLLECTION = 'operatorPrivate';

/**
 * Reads ride-share items with `rideshare:ReadPrivateItem(rideId, item)` on the gateway's own peer
 * (MobilityMSP only) and checks each against its commitment: sha256 of the stored bytes.
 */
export class RidesharePrivateItems implements PrivateItemResolver {
  constructor(
    private readonly contract: Pick<Contract, 'evaluateTransaction'>,
    private readonly logger: BaseLogger,
  ) {}

  async resolve(notice: StoredNotice): Promise<Record<string, unknown> | undefined> {
    const rideId = notice.data.rideId;
    if (typeof rideId !== 'string') return undefined;
    const refs = privateRefsOf(notice.data).filter((ref) => ref.collection === OPERATOR_PRIVATE_COLLECTION);
    if (refs.length === 0) return undefined;
    const items: Record<string, unknown> = {};
    for (const ref of refs) {
      try {
        const bytes = await this.contract.evaluateTransaction('rideshare:ReadPrivateItem', rideId, ref.item);
        const digest = createHash('sha256').update(bytes).digest('hex');
        if (digest !== ref.commitment.toLowerCase()) {
          this.logger.warn({ position: notice.position, item: ref.item }, 'private item does not match its commitment; not forwarded');
          continue;
        }
        items[ref.item] = JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown;
      } catch (error) {
        this.logger.warn({ position: notice.position, item: ref.item, err: error }, 'cannot read private item; notice delivered without it');
      }
    }
    return items;
  }
}
