import type { ServerUnaryCall, ServerWritableStream, sendUnaryData, Server } from '@grpc/grpc-js';
import { status } from '@grpc/grpc-js';
import { gateway } from '@hyperledger/fabric-protos';
import { chaincodeEvents } from './chaincode-events';
import { commitStatus } from './commit-status';
import { endorse } from './endorse';
import { evaluate } from './evaluate';
import type { GatewayContext } from './gateway-context';
import { GatewayRpcError } from './rpc-error';
import { submit } from './submit';

type Unary<Req, Res> = (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => void;

function unary<Req, Res>(handler: (request: Req, signal: AbortSignal) => Promise<Res>): Unary<Req, Res> {
  return (call, callback) => {
    const abort = new AbortController();
    let settled = false;
    // grpc-js also reports 'cancelled' for calls already answered; aborting then would only build a
    // DOMException (with its stack trace) for nobody.
    call.on('cancelled', () => {
      if (!settled) abort.abort();
    });
    handler(call.request, abort.signal).then(
      (response) => {
        settled = true;
        callback(null, response);
      },
      (error: unknown) => {
        settled = true;
        callback(toServiceError(error));
      },
    );
  };
}

function toServiceError(error: unknown): GatewayRpcError {
  if (error instanceof GatewayRpcError) return error;
  return new GatewayRpcError(status.INTERNAL, (error as Error)?.message ?? String(error));
}

/** Registers the `gateway.Gateway` service on a gRPC server, bound to one org's gateway context. */
export function addGatewayService(server: Server, context: GatewayContext): void {
  server.addService(gateway.GatewayService, {
    evaluate: unary<gateway.EvaluateRequest, gateway.EvaluateResponse>((request) => evaluate(context, request)),
    endorse: unary<gateway.EndorseRequest, gateway.EndorseResponse>((request) => endorse(context, request)),
    submit: unary<gateway.SubmitRequest, gateway.SubmitResponse>((request) => submit(context, request)),
    commitStatus: unary<gateway.SignedCommitStatusRequest, gateway.CommitStatusResponse>((request, signal) =>
      commitStatus(context, request, signal),
    ),
    chaincodeEvents: (call: ServerWritableStream<gateway.SignedChaincodeEventsRequest, gateway.ChaincodeEventsResponse>) => {
      const abort = new AbortController();
      call.on('cancelled', () => abort.abort());
      call.on('close', () => abort.abort());
      void (async () => {
        try {
          for await (const response of chaincodeEvents(context, call.request, abort.signal)) {
            if (!call.write(response)) await new Promise((resolve) => call.once('drain', resolve));
          }
          call.end();
        } catch (error) {
          // grpc-js sends a server stream's status on 'error' (destroy() would drop it and leave the client waiting).
          if (!abort.signal.aborted) call.emit('error', toServiceError(error));
        }
      })();
    },
  });
}
