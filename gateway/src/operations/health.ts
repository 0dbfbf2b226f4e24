import { connectivityState, type Client } from '@grpc/grpc-js';
import type { Contract } from '@hyperledger/fabric-gateway';
import { chaincodeErrorOf } from '../fabric/error-mapping';

/** One thing /healthz checks; `check` throws (with the reason) when it is unhealthy. */
export interface HealthCheck {
  readonly component: string;
  check(): Promise<void>;
}

export interface HealthReport {
  readonly status: 'OK' | 'Service Unavailable';
  readonly time: string;
  readonly failed_checks?: readonly { component: string; reason: string }[];
}

/** Runs every check; the report's shape is Fabric's operations /healthz answer. */
export async function healthReport(checks: readonly HealthCheck[], now = new Date()): Promise<HealthReport> {
  const results = await Promise.all(
    checks.map(async ({ component, check }) => {
      try {
        await check();
        return undefined;
      } catch (error) {
        return { component, reason: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
  const failed = results.filter((result): result is { component: string; reason: string } => result !== undefined);
  return failed.length === 0
    ? { status: 'OK', time: now.toISOString() }
    : { status: 'Service Unavailable', time: now.toISOString(), failed_checks: failed };
}

/** An address no device has: its lookup is the cheapest chaincode call with a known answer. */
const PROBE_ADDRESS = '0x0000000000000000000000000000000000000000';

/**
 * The peer check: the gRPC channel is not failing, and a cheap evaluate reaches the chaincode (a
 * chaincode refusal counts as reachable: the peer ran the chaincode to say no).
 */
export function peerHealthCheck(client: Pick<Client, 'getChannel'>, devices: Pick<Contract, 'newProposal'>, timeoutMs: number): HealthCheck {
  return {
    component: 'peer',
    async check() {
      const state = client.getChannel().getConnectivityState(true);
      if (state === connectivityState.TRANSIENT_FAILURE || state === connectivityState.SHUTDOWN) {
        throw new Error(`gRPC channel to the peer is ${connectivityState[state]}`);
      }
      try {
        await devices.newProposal('Get', { arguments: [PROBE_ADDRESS] }).evaluate({ deadline: Date.now() + timeoutMs });
      } catch (error) {
        if (chaincodeErrorOf(error)) return;
        throw new Error(`evaluate on the peer failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  };
}
