import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { CommitStatusError, EndorseError, GatewayError, StatusCode } from '@hyperledger/fabric-gateway';
import { expect } from 'chai';
import { ApiError } from '../api/api-error';
import { bodyField, chaincodeErrorOf, toApiError } from './error-mapping';
import { FabricPhaseError, InvalidTransactionError } from './fabric-phase-error';

function serviceError(code: status, details: string): ServiceError {
  return Object.assign(new Error(`${code} ${status[code]}: ${details}`), { code, details, metadata: new Metadata() });
}

const peer = (message: string) => ({ address: 'peer0.oem.mobility.example:7051', mspId: 'OemMSP', message });

function endorseError(code: status, message: string, details: { address: string; mspId: string; message: string }[] = []): EndorseError {
  return new EndorseError({ code, details, cause: serviceError(code, message), transactionId: 'tx-endorse', message: `${code} ${status[code]}: ${message}` });
}

describe('Fabric error mapping', () => {
  it('turns a chaincode refusal in the peer details into its code, HTTP status and body field', () => {
    const cause = endorseError(status.ABORTED, 'failed to endorse transaction, see attached details for more info', [
      peer('chaincode response 500, INVALID_ARGUMENT: prePairing.reports[1].signature: must match the pattern'),
    ]);
    const error = toApiError(new FabricPhaseError('endorse', cause, 'tx-endorse'), { argument: 'prePairing' });
    expect([error.status, error.code, error.field]).to.deep.equal([400, 'INVALID_ARGUMENT', 'reports[1].signature']);
    expect(error.message).to.equal('prePairing.reports[1].signature: must match the pattern');
    expect(error.toAnswer().error.details).to.deep.equal([cause.details[0]]);
    expect(error.txId, 'a refused proposal never reached a block').to.equal(undefined);
  });

  it('maps every chaincode code to its status, and a read’s refusal from the message', () => {
    const expected = { INVALID_ARGUMENT: 400, UNAUTHENTICATED: 401, PERMISSION_DENIED: 403, NOT_FOUND: 404, ALREADY_EXISTS: 409, FAILED_PRECONDITION: 409 };
    for (const [code, httpStatus] of Object.entries(expected)) {
      const cause = new GatewayError({
        code: status.UNKNOWN,
        details: [],
        cause: serviceError(status.UNKNOWN, 'x'),
        message: `2 UNKNOWN: evaluate call to endorser returned error: chaincode response 500, ${code}: rideId: some rule`,
      });
      const error = toApiError(new FabricPhaseError('evaluate', cause, 'tx-read'));
      expect([error.status, error.code, error.field, error.txId]).to.deep.equal([httpStatus, code, 'rideId', undefined]);
    }
  });

  it('does not take a gRPC status name for a chaincode code', () => {
    const cause = endorseError(status.FAILED_PRECONDITION, 'no combination of peers can be derived which satisfy the endorsement policy: x');
    expect(chaincodeErrorOf(cause)).to.equal(undefined);
    const error = toApiError(new FabricPhaseError('endorse', cause, 'tx-1'));
    expect([error.status, error.code]).to.deep.equal([502, 'ENDORSEMENT_FAILED']);
  });

  it('answers 504 on deadlines and 503 on an unreachable peer, per phase', () => {
    const late = toApiError(new FabricPhaseError('endorse', endorseError(status.DEADLINE_EXCEEDED, 'Deadline exceeded'), 'tx-2'));
    expect([late.status, late.code]).to.deep.equal([504, 'TIMEOUT']);
    const statusCause = new CommitStatusError({ code: status.DEADLINE_EXCEEDED, details: [], cause: serviceError(status.DEADLINE_EXCEEDED, 'x'), transactionId: 'tx-3' });
    const commitLate = toApiError(new FabricPhaseError('commit', statusCause, 'tx-3'));
    expect([commitLate.status, commitLate.code, commitLate.txId]).to.deep.equal([504, 'TIMEOUT', 'tx-3']);
    expect(commitLate.message).to.contain('may still commit');
    const down = toApiError(new FabricPhaseError('evaluate', serviceError(status.UNAVAILABLE, 'No connection established')));
    expect([down.status, down.code]).to.deep.equal([503, 'PEER_UNAVAILABLE']);
  });

  it('reports ordering and commit-status failures with the transaction ID', () => {
    const submit = toApiError(new FabricPhaseError('submit', serviceError(status.ABORTED, 'received unsuccessful response from orderer'), 'tx-4'));
    expect([submit.status, submit.code, submit.txId]).to.deep.equal([502, 'SUBMIT_FAILED', 'tx-4']);
    const statusFailed = toApiError(new FabricPhaseError('commit', serviceError(status.NOT_FOUND, 'no such tx'), 'tx-5'));
    expect([statusFailed.status, statusFailed.code, statusFailed.txId]).to.deep.equal([502, 'COMMIT_STATUS_UNKNOWN', 'tx-5']);
  });

  it('answers 409 MVCC_READ_CONFLICT for a read conflict and 502 COMMIT_FAILED for other invalid transactions', () => {
    const conflict = new InvalidTransactionError('tx-6', StatusCode.MVCC_READ_CONFLICT, 'MVCC_READ_CONFLICT', 9n);
    const mvcc = toApiError(new FabricPhaseError('commit', conflict, 'tx-6', 4));
    expect([mvcc.status, mvcc.code, mvcc.txId, mvcc.toAnswer().error.validationCode]).to.deep.equal([409, 'MVCC_READ_CONFLICT', 'tx-6', 'MVCC_READ_CONFLICT']);
    expect(mvcc.message).to.contain('after 4 attempts');
    const policy = new InvalidTransactionError('tx-7', StatusCode.ENDORSEMENT_POLICY_FAILURE, 'ENDORSEMENT_POLICY_FAILURE', 10n);
    const failed = toApiError(new FabricPhaseError('commit', policy, 'tx-7'));
    expect([failed.status, failed.code, failed.toAnswer().error.validationCode]).to.deep.equal([502, 'COMMIT_FAILED', 'ENDORSEMENT_POLICY_FAILURE']);
  });

  it('passes API errors through and hides nothing else: unknown errors are INTERNAL', () => {
    const own = new ApiError('PERMISSION_DENIED', 'caller: no', { field: 'caller' });
    expect(toApiError(own)).to.equal(own);
    expect(toApiError(new Error('boom')).code).to.equal('INTERNAL');
  });

  it('turns chaincode field names into body paths', () => {
    expect(bodyField('request.payload.vin', 'request')).to.equal('payload.vin');
    expect(bodyField('request', 'request')).to.equal('');
    expect(bodyField('transient.fixes', 'request')).to.equal('transient.fixes');
    expect(bodyField('requestId', 'request')).to.equal('requestId');
    expect(bodyField('args.lotId', undefined)).to.equal('args.lotId');
    expect(bodyField('fixes.device.signature', undefined, ['fixes'])).to.equal('transient.fixes.device.signature');
    expect(bodyField('transient.fixes', undefined, ['fixes'])).to.equal('transient.fixes');
  });
});
