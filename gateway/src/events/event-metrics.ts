import { Counter, Gauge, register as defaultRegistry, type Registry } from 'prom-client';

/**
 * Counters of the event service, in the injected prom-client registry (the default registry when
 * none is given). Several gateways may share a process (the dev stack), so every series carries the
 * gateway's `org` and a metric already registered under the same name is reused.
 */
export interface EventMetrics {
  appended(type: string): void;
  delivered(stream: StreamKind): void;
  subscriberOpened(stream: StreamKind): void;
  subscriberClosed(stream: StreamKind): void;
  checkpoint(blockNumber: bigint): void;
  feedError(): void;
  slowClientCut(): void;
}

export type StreamKind = 'device' | 'org';

function counter(registry: Registry, name: string, help: string, labelNames: string[]): Counter<string> {
  return (registry.getSingleMetric(name) as Counter<string> | undefined) ?? new Counter({ name, help, labelNames, registers: [registry] });
}

function gauge(registry: Registry, name: string, help: string, labelNames: string[]): Gauge<string> {
  return (registry.getSingleMetric(name) as Gauge<string> | undefined) ?? new Gauge({ name, help, labelNames, registers: [registry] });
}

export function createEventMetrics(org: string, registry: Registry = defaultRegistry): EventMetrics {
  const appended = counter(registry, 'mobility_gateway_events_appended_total', 'Notices appended to the event log', ['org', 'type']);
  const delivered = counter(registry, 'mobility_gateway_events_delivered_total', 'Notices written to subscribers', ['org', 'stream']);
  const subscribers = gauge(registry, 'mobility_gateway_event_subscribers', 'Open event streams', ['org', 'stream']);
  const checkpoint = gauge(registry, 'mobility_gateway_events_checkpoint_block', 'Block of the last chaincode event in the log', ['org']);
  const feedErrors = counter(registry, 'mobility_gateway_event_feed_errors_total', 'Fabric chaincode-event stream failures (each is retried)', ['org']);
  const slowClients = counter(registry, 'mobility_gateway_event_slow_clients_total', 'Streams cut off because the client stopped reading', ['org']);
  return {
    appended: (type) => appended.inc({ org, type }),
    delivered: (stream) => delivered.inc({ org, stream }),
    subscriberOpened: (stream) => subscribers.inc({ org, stream }),
    subscriberClosed: (stream) => subscribers.dec({ org, stream }),
    checkpoint: (blockNumber) => checkpoint.set({ org }, Number(blockNumber)),
    feedError: () => feedErrors.inc({ org }),
    slowClientCut: () => slowClients.inc({ org }),
  };
}
