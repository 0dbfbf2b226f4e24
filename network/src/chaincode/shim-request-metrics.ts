/** Labels of Fabric's chaincode_shim_requests_* metrics (core/chaincode/metrics.go). */
export interface ShimRequestLabels {
  /** The message type, e.g. GET_STATE. */
  readonly type: string;
  readonly channel: string;
  /** The ID the chaincode registered with (its package ID). */
  readonly chaincode: string;
}

/**
 * What the peer side of a chaincode stream reports per ledger request of the chaincode, as Fabric's
 * Handler.HandleTransaction does: received once the request is accepted for handling, completed
 * (with success and duration) once the answer is sent.
 */
export interface ShimRequestMetrics {
  requestReceived(labels: ShimRequestLabels): void;
  requestCompleted(labels: ShimRequestLabels, success: boolean, seconds: number): void;
}

export const noShimRequestMetrics: ShimRequestMetrics = {
  requestReceived: () => undefined,
  requestCompleted: () => undefined,
};
