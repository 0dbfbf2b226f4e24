import type { SignedDeviceRequest } from '@mobility-ledger/chaincode/dist/devices/device-request';
import type { DeviceRecord, DeviceType } from '@mobility-ledger/chaincode/dist/devices/device-types';
import type { DeliveredNotice } from '../events/stored-notice';
import type { EventSubscription, SubscribeOptions } from './event-subscription';
import type { CallOptions, GatewayClient } from './gateway-client';
import type { RequestSigner } from './request-signing';
import type { AnswersOf, BodiesOf, InputsOf, RouteIdOf, RouteTable, WriteAnswer } from './route-types';

/** The fields of a signed envelope; the rest of a body (e.g. `transient`) is passed alongside. */
type EnvelopeKey = 'device' | 'action' | 'channel' | 'payload' | 'nonce' | 'expiresAt' | 'signature';
type PayloadOf<Body> = Body extends { payload: infer P } ? P : never;
type ExtraOf<Body> = Omit<Body, EnvelopeKey>;

export interface RegisterOptions {
  readonly type: DeviceType;
  /** Vehicle components: the VIN the automaker binds the component to. */
  readonly vin?: string;
  readonly label?: string;
}

/**
 * One device (its key) talking to one gateway: signs requests with a fresh nonce and expiry,
 * registers itself, submits routes whose body is its own signed request, makes signed reads and
 * follows its event stream.
 */
export class Device<Table extends RouteTable> {
  constructor(
    readonly gateway: GatewayClient<Table>,
    readonly signer: RequestSigner,
    private readonly publicKey?: string,
  ) {}

  /** The same device through another gateway (e.g. the operator's for rides, the automaker's for pairing). */
  via(gateway: GatewayClient<Table>): Device<Table> {
    return new Device(gateway, this.signer, this.publicKey);
  }

  async address(): Promise<string> {
    return this.signer.key.getAddress();
  }

  sign<P>(action: string, payload: P, options: { ttlMs?: number; nonce?: string } = {}): Promise<SignedDeviceRequest<P>> {
    return this.signer.sign(action, payload, options);
  }

  /**
   * Registers the device through this gateway; its org vouches for it (the chaincode decides which
   * org may vouch for which type). The device signs its own registration to prove it holds the key.
   */
  async register(options: RegisterOptions): Promise<WriteAnswer<DeviceRecord>> {
    if (!this.publicKey) throw new Error('register needs the public key: create the device from a DeviceKey');
    const payload = { publicKey: this.publicKey, type: options.type, ...(options.vin ? { vin: options.vin } : {}), ...(options.label ? { label: options.label } : {}) };
    const request = await this.sign('devices.register', payload);
    const answer = await this.gateway.call('devices.register' as RouteIdOf<Table>, request as never);
    return answer as WriteAnswer<DeviceRecord>;
  }

  /**
   * Submits a route whose body is one signed request of this device (`signedRequests: [{at: 'body'}]`):
   * signs `payload` with the route's action and sends it with `extra` (e.g. `{transient}`).
   */
  async submit<Id extends RouteIdOf<Table>>(id: Id, payload: NoInfer<PayloadOf<BodiesOf<Table>[Id]>>, extra?: NoInfer<ExtraOf<BodiesOf<Table>[Id]>>, options: CallOptions = {}): Promise<AnswersOf<Table>[Id]> {
    const spec = this.gateway.route(id).signedRequests?.find((candidate) => candidate.at === 'body');
    if (!spec) throw new Error(`${id}: its body is not one signed device request; use gateway.call`);
    const request = await this.sign(spec.action, payload);
    return this.gateway.call(id, { ...(extra ?? {}), ...request } as InputsOf<Table>[Id], options);
  }

  /** A read that this device signs (`Authorization: Device …`), e.g. a ride party reading its ride. */
  read<Id extends RouteIdOf<Table>>(id: Id, input: NoInfer<InputsOf<Table>[Id]>, options: CallOptions = {}): Promise<AnswersOf<Table>[Id]> {
    return this.gateway.call(id, input, { ...options, signer: this.signer });
  }

  /** The notices addressed to this device, from `options.lastEventId` on (or from now). */
  subscribe(options: SubscribeOptions = {}): EventSubscription<DeliveredNotice> {
    return this.gateway.subscribe<DeliveredNotice>(this.signer, options);
  }
}
