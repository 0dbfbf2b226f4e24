import type { LedgerContext } from '../lib/context';
import type { PhotoReuse } from './audit-types';
import { photoUses } from './store';

interface PhotoUse {
  readonly auditId: string;
  readonly lotId: string;
  readonly captureIndex: number;
  readonly attempt: number;
}

/**
 * Records the first use of a photo hash, or reports a re-use: a photo already used in any earlier
 * audit, or for another vehicle earlier in this transaction, is a fraud finding (the patent's
 * photo taken once and sent "again and again").
 */
export class PhotoRegister {
  private readonly seen = new Map<string, PhotoUse>();

  constructor(private readonly ctx: LedgerContext) {}

  async use(photoHash: string, use: PhotoUse): Promise<PhotoReuse | undefined> {
    const first = (await photoUses.get(this.ctx, [photoHash])) ?? this.seen.get(photoHash);
    if (first) return { photoHash, attempt: use.attempt, firstAuditId: first.auditId, firstCaptureIndex: first.captureIndex };
    this.seen.set(photoHash, use);
    await photoUses.create(this.ctx, [photoHash], { photoHash, ...use, usedAtMs: this.ctx.nowMs });
    return undefined;
  }
}
