/**
 * Mobility Ledger device SDK: device keys, signed requests, a typed gateway client and event
 * streams. No Node-only imports: the same modules make the browser bundle (build-browser.ts).
 */
export { DeviceKey, type KeyExportOptions } from './device-key';
export { Device, type RegisterOptions } from './device';
export { GatewayClient, EVENTS_PATH, SUBSCRIBE_ACTION, type CallOptions } from './gateway-client';
export { GatewayError, gatewayErrorFromBody, type GatewayErrorCode, type GatewayErrorDetail } from './gateway-error';
export { EventSubscription, type DeviceEvent, type SubscribeOptions, type StreamConnector } from './event-subscription';
export { SseParser, type SseMessage } from './sse-parser';
export { HttpTransport, type HttpAnswer, type HttpCall, type TransportOptions } from './http-transport';
export { RequestSigner, newNonce, base64Url, DEFAULT_CHANNEL, DEFAULT_REQUEST_TTL_MS, MAX_AUTHORIZATION_TTL_MS, type SigningOptions } from './request-signing';
export { planRequest, pathParamNames, RouteInputError, type HttpRequestPlan } from './route-request';
export type { AnswerOf, BodyOf, InputOf, ReadAnswer, RouteIdOf, RouteOf, RouteTable, WriteAnswer } from './route-types';
export { SDK_ROUTES, type SdkRoutes } from './routes';
export { commitmentOf, newSalt, newSecret, openingOf, randomHex, sha256Hex, type Opening } from './commitments';
export * as pairing from './flows/pairing';
export * as rideshare from './flows/rideshare';
export type { DeliveredNotice } from '../events/stored-notice';
