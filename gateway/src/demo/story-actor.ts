import type { DeviceType } from '@mobility-ledger/chaincode/dist/devices/device-types';
import type { DeliveredNotice } from '../events/stored-notice';
import { DeviceKey } from '../sdk/device-key';
import type { Device } from '../sdk/device';
import type { DeviceEvent, EventSubscription } from '../sdk/event-subscription';
import type { GatewayClient } from '../sdk/gateway-client';
import type { SdkRoutes } from '../sdk/routes';
import type { StoryDeviceReport, StoryRecorder } from './story-record';

/**
 * A device of the story: its own key, the gateway it talks to, and its event stream (opened once
 * it is registered: the gateway authenticates subscribers against the device registry).
 */
export class StoryActor {
  readonly key = DeviceKey.create();
  readonly device: Device<SdkRoutes>;
  private stream?: EventSubscription<DeliveredNotice>;

  constructor(
    readonly label: string,
    readonly type: DeviceType,
    readonly gateway: GatewayClient,
    readonly gatewayName: string,
    private readonly recorder: StoryRecorder,
    private readonly scene: string,
  ) {
    this.device = gateway.device(this.key);
    recorder.actors.push(this);
  }

  get address(): string {
    return this.key.address;
  }

  /**
   * Registers through `vouchedBy` (the org that may vouch for this device type; its own gateway by
   * default), then opens the event stream on its own gateway.
   */
  async register(options: { vin?: string; vouchedBy?: GatewayClient } = {}): Promise<void> {
    const registrar = options.vouchedBy ? this.device.via(options.vouchedBy) : this.device;
    const answer = await registrar.register({ type: this.type, label: this.label, ...(options.vin ? { vin: options.vin } : {}) });
    const vouchedBy = answer.result.org;
    this.recorder.wrote(this.scene, `register ${this.label} (${this.type}${options.vin ? `, VIN ${options.vin}` : ''})`, 'devices.register', answer, `vouched for by ${vouchedBy}`);
    this.stream = this.device.subscribe();
  }

  /** The first notice of `type` (already delivered or still to come) whose data matches. */
  async notice(type: string, matches: (data: Record<string, unknown>) => boolean = () => true, timeoutMs = 30_000): Promise<DeliveredNotice> {
    if (!this.stream) throw new Error(`${this.label} is not subscribed`);
    const event: DeviceEvent<DeliveredNotice> = await this.stream.waitFor((candidate) => candidate.type === type && matches(candidate.data.data), timeoutMs);
    return event.data;
  }

  /**
   * Waits until the stream delivered (at least) these notices, so the report shows everything the
   * story caused for this device; a notice that never comes fails the story with its name.
   */
  async settle(types: readonly string[], timeoutMs = 30_000): Promise<void> {
    const wanted = new Map<string, number>();
    for (const type of types) wanted.set(type, (wanted.get(type) ?? 0) + 1);
    for (const [type, count] of wanted) {
      let seen = 0;
      await this.stream?.waitFor((event) => event.type === type && (seen += 1) >= count, timeoutMs).catch((error: unknown) => {
        throw new Error(`${this.label} did not receive ${count}× ${type}: ${(error as Error).message}`);
      });
    }
  }

  /** Every notice of `type` delivered so far. */
  notices(type: string): DeliveredNotice[] {
    return (this.stream?.received ?? []).filter((event) => event.type === type).map((event) => event.data);
  }

  report(): StoryDeviceReport {
    const events = (this.stream?.received ?? []).filter((event) => event.id !== '').map((event) => event.data);
    return { label: this.label, type: this.type, address: this.address, gateway: this.gatewayName, events };
  }

  close(): void {
    this.stream?.close();
  }
}
