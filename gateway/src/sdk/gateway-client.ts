import type { TypedDataSigner } from '@mobility-ledger/chaincode/dist/devices/device-request';
import type { RouteSpec } from '../api/route-spec';
import { Device } from './device';
import { EventSubscription, type SubscribeOptions } from './event-subscription';
import { HttpTransport, type HttpAnswer, type HttpCall, type TransportOptions } from './http-transport';
import { planRequest } from './route-request';
import type { AnswersOf, InputsOf, RouteIdOf, RouteOf, RouteTable } from './route-types';
import { RequestSigner, type SigningOptions } from './request-signing';
import { SDK_ROUTES, type SdkRoutes } from './routes';

export const EVENTS_PATH = '/v1/events';
export const SUBSCRIBE_ACTION = 'gateway.subscribe';

export interface CallOptions {
  /** Signs the `Authorization: Device` header of signed reads (routes whose signed request is `header`). */
  readonly signer?: RequestSigner;
  readonly signal?: AbortSignal;
  /** Sent as `x-request-id`, to correlate with the gateway's logs. */
  readonly requestId?: string;
}

/**
 * A typed HTTP client of one Mobility Ledger gateway (one org's). `call(routeId, input)` takes the
 * route's params, query and body in one object, typed from the route table; answers are
 * `{txId, blockNumber, result}` for writes and `{result}` for reads; failures throw GatewayError.
 */
export class GatewayClient<Table extends RouteTable = SdkRoutes> {
  readonly transport: HttpTransport;
  private readonly routes = new Map<string, RouteSpec>();

  constructor(options: TransportOptions, routes?: Table) {
    this.transport = new HttpTransport(options);
    for (const route of routes ?? SDK_ROUTES) this.routes.set(route.id, route);
  }

  get baseUrl(): string {
    return this.transport.baseUrl;
  }

  route<Id extends RouteIdOf<Table>>(id: Id): RouteOf<Table, Id> {
    const route = this.routes.get(id);
    if (!route) throw new Error(`unknown route ${id}`);
    return route as RouteOf<Table, Id>;
  }

  async call<Id extends RouteIdOf<Table>>(id: Id, input: NoInfer<InputsOf<Table>[Id]>, options: CallOptions = {}): Promise<AnswersOf<Table>[Id]> {
    const route: RouteSpec = this.route(id);
    const plan = planRequest(route, (input ?? {}) as Record<string, unknown>);
    const headers: Record<string, string> = {};
    if (options.requestId) headers['x-request-id'] = options.requestId;
    const headerSigned = route.signedRequests?.find((spec) => spec.at === 'header');
    if (headerSigned) {
      if (!options.signer) throw new Error(`${id} is a signed read: pass options.signer (or use Device.read)`);
      headers.authorization = await options.signer.authorization(headerSigned.action, plan.params);
    }
    const answer = await this.transport.send({ method: plan.method, path: plan.path, body: plan.body, headers, signal: options.signal });
    const body = (answer.body ?? {}) as Record<string, unknown>;
    const mapped = route.method === 'POST'
      ? { txId: String(body.txId), blockNumber: String(body.blockNumber), result: body.result, requestId: answer.requestId }
      : { result: body.result, requestId: answer.requestId };
    return mapped as AnswersOf<Table>[Id];
  }

  /** Any HTTP call, unchecked (operations endpoints, deliberately malformed requests in tests). */
  async raw(call: HttpCall): Promise<HttpAnswer> {
    return this.transport.send(call);
  }

  /** A device (its key) talking through this gateway. */
  device(key: TypedDataSigner & { readonly publicKey?: string }, signing: SigningOptions = {}): Device<Table> {
    return new Device(this, new RequestSigner(key, signing), key.publicKey);
  }

  /** The device's event stream (`GET /v1/events`), resumed from `options.lastEventId` if given. */
  subscribe<T = unknown>(signer: RequestSigner, options: SubscribeOptions = {}): EventSubscription<T> {
    return new EventSubscription<T>(
      { url: this.transport.url(EVENTS_PATH), fetch: this.transport.fetch, authorization: () => signer.authorization(SUBSCRIBE_ACTION, {}) },
      options,
    );
  }
}
