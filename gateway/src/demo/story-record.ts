import type { DeliveredNotice } from '../events/stored-notice';
import type { WriteAnswer } from '../sdk/route-types';
import type { StoryActor } from './story-actor';

/** One committed transaction of the story, as the gateway reported it. */
export interface StoryStep {
  readonly scene: string;
  readonly title: string;
  readonly route: string;
  readonly txId: string;
  readonly blockNumber: string;
  readonly summary: string;
}

/** A device of the story and the notices its event stream delivered. */
export interface StoryDeviceReport {
  readonly label: string;
  readonly type: string;
  readonly address: string;
  readonly gateway: string;
  readonly events: readonly DeliveredNotice[];
}

/** What the ledger recorded, per scene, for printing and for the end-to-end test's assertions. */
export interface StoryReport {
  readonly steps: readonly StoryStep[];
  readonly devices: readonly StoryDeviceReport[];
  readonly pairing: {
    readonly vin: string;
    readonly ownerPairingId: string;
    readonly secondaryPairingId: string;
    readonly ownerPairing: Record<string, unknown>;
    readonly secondaryPairing: Record<string, unknown>;
    readonly vehicle: Record<string, unknown>;
  };
  readonly ride: {
    readonly rideId: string;
    readonly vin: string;
    readonly ride: Record<string, unknown>;
    readonly history: readonly { action: string; status: string; txId: string }[];
    readonly keysValidated: { readonly rider: readonly string[]; readonly driver: readonly string[] };
    readonly pickup: Record<string, unknown>;
  };
  readonly audit: {
    readonly lotId: string;
    readonly auditId: string;
    readonly vins: readonly string[];
    readonly verdict: Record<string, unknown>;
    readonly readings: number;
  };
}

/** Collects the story's committed steps in order, and its actors (to report and close them). */
export class StoryRecorder {
  readonly steps: StoryStep[] = [];
  readonly actors: StoryActor[] = [];

  constructor(private readonly onStep?: (step: StoryStep) => void) {}

  wrote<R>(scene: string, title: string, route: string, answer: WriteAnswer<R>, summary = ''): WriteAnswer<R> {
    const step = { scene, title, route, txId: answer.txId, blockNumber: answer.blockNumber, summary };
    this.steps.push(step);
    this.onStep?.(step);
    return answer;
  }
}
