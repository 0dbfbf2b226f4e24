import type { FastifyError, FastifyInstance } from 'fastify';
import { ApiError } from '../api/api-error';
import { RouteInputError } from '../api/route-spec';
import type { FieldViolation } from './validation';

const CONTEXT_NAMES: Readonly<Record<string, string>> = { body: 'body', params: 'path', querystring: 'query', headers: 'header' };

function isViolation(value: unknown): value is FieldViolation {
  return typeof value === 'object' && value !== null && typeof (value as FieldViolation).field === 'string';
}

/** Anything a request handler or fastify throws, as the gateway's error answer. */
export function toAnswerError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof RouteInputError) return new ApiError('INVALID_ARGUMENT', error.message, { field: error.field });
  const fastifyError = error as Partial<FastifyError> & { validationContext?: string };
  if (Array.isArray(fastifyError.validation)) {
    const first: unknown = fastifyError.validation[0];
    const context = CONTEXT_NAMES[fastifyError.validationContext ?? 'body'] ?? 'body';
    if (isViolation(first)) {
      const field = first.field || (context === 'body' ? 'body' : context);
      return new ApiError('INVALID_ARGUMENT', `${field}: ${first.rule}`, { field });
    }
    return new ApiError('INVALID_ARGUMENT', fastifyError.message ?? 'invalid request', { field: context });
  }
  const status = fastifyError.statusCode;
  if (status === 413) return new ApiError('PAYLOAD_TOO_LARGE', fastifyError.message ?? 'the body is too large');
  if (status === 415) return new ApiError('UNSUPPORTED_MEDIA_TYPE', fastifyError.message ?? 'send application/json');
  if (status !== undefined && status >= 400 && status < 500) {
    return new ApiError('INVALID_ARGUMENT', fastifyError.message ?? 'invalid request', { field: 'body' });
  }
  return new ApiError('INTERNAL', error instanceof Error ? error.message : String(error), { cause: error });
}

/** Every error, and every unknown route, answers `{error: {code, message, field?…}}`. */
export function registerErrorAnswers(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const answer = toAnswerError(error);
    if (answer.status >= 500) request.log.error({ err: error, code: answer.code }, 'request failed');
    else request.log.info({ code: answer.code, field: answer.field, txId: answer.txId }, answer.message);
    // Internal errors are logged in full, answered without internals.
    const body = answer.code === 'INTERNAL' ? new ApiError('INTERNAL', 'internal error; see the gateway log for this request id').toAnswer() : answer.toAnswer();
    return reply.code(answer.status).send(body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(new ApiError('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0] ?? ''}`).toAnswer()),
  );
}
