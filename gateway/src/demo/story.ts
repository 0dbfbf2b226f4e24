import type { GatewayClient } from '../sdk/gateway-client';
import { randomVin } from './demo-values';
import { auditScene } from './scenes/audit-scene';
import { pairingScene } from './scenes/pairing-scene';
import { rideScene } from './scenes/ride-scene';
import { StoryRecorder, type StoryReport, type StoryStep } from './story-record';

/** One gateway per consortium org, as the dev stack runs them. */
export interface StoryGateways {
  readonly oem: GatewayClient;
  readonly mobility: GatewayClient;
  readonly audit: GatewayClient;
}

export interface StoryOptions {
  /** Called as each transaction commits (the demo prints progress). */
  readonly onStep?: (step: StoryStep) => void;
  readonly onScene?: (scene: string) => void;
}

/**
 * The whole story through the SDK: pairing (automaker's gateway), a ride (operator's gateway), a lot
 * audit (lender's gateway). Every device holds its own key and follows its own event stream.
 */
export async function runStory(gateways: StoryGateways, options: StoryOptions = {}): Promise<StoryReport> {
  const recorder = new StoryRecorder(options.onStep);
  try {
    options.onScene?.('pairing');
    const pairing = await pairingScene(gateways.oem, recorder, randomVin('JTD'));
    options.onScene?.('ride');
    const ride = await rideScene(gateways.mobility, gateways.oem, recorder, randomVin('1FA'));
    options.onScene?.('audit');
    const audit = await auditScene(gateways.audit, recorder);
    return { steps: recorder.steps, devices: recorder.actors.map((actor) => actor.report()), pairing: pairing.report, ride: ride.report, audit: audit.report };
  } finally {
    for (const actor of recorder.actors) actor.close();
  }
}
