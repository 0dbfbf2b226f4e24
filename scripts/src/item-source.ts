import type { WorkItem } from './work-item';
import type { WorkloadMix } from './workload-mix';

/**
 * Hands out pre-signed transactions in mix order. If the pre-signed ones run out it signs more on
 * the spot (and counts them), so a run never stalls; the report shows how many that was.
 */
export class ItemSource {
  private index = 0;
  private signedOnTheSpot = 0;

  constructor(
    private readonly items: readonly WorkItem[],
    private readonly mix: WorkloadMix,
  ) {}

  async next(): Promise<WorkItem> {
    const item = this.items[this.index];
    this.index += 1;
    if (item) return item;
    this.signedOnTheSpot += 1;
    return this.mix.nextItem();
  }

  get onTheSpot(): number {
    return this.signedOnTheSpot;
  }

  get used(): number {
    return this.index;
  }
}
