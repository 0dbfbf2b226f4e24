/** Device event streams: chaincode notices → durable log → Server-Sent Events (see README.md). */
export { createEventService, DEFAULT_RETENTION_MS, EVENTS_PATH, type EventService, type EventServiceOptions, type EventServiceStatus } from './event-service';
export { SUBSCRIBE_ACTION, TOKEN_QUERY_PARAMETER } from './events-route';
export { END_EVENT, GAP_EVENT } from './subscription';
export { formatPosition, parsePosition, InvalidPositionError, type Position } from './position';
export type { DeliveredNotice } from './stored-notice';
export { RidesharePrivateItems, privateRefsOf, type PrivateItemRef, type PrivateItemResolver } from './private-items';
export { EventLog, type AppendResult, type LedgerEvent, type LogCheckpoint } from './event-log';
export { createEventMetrics, type EventMetrics } from './event-metrics';
