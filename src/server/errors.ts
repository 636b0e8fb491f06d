import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import {
  AuthError,
  ConflictError,
  ForbiddenError,
  InputError,
  type InputIssue,
  NotFoundError,
} from '../model/errors.js';

/** The body of every error response: `{ error: { name, message, path?, issues?, suggestions? } }`. */
export interface ErrorBody {
  error: {
    name: string;
    message: string;
    path?: string;
    issues?: InputIssue[];
    suggestions?: string[];
    /** On a 500: the id under which the server logged the failure (also the x-request-id header). */
    requestId?: string;
    stack?: string;
  };
}

interface MappedError {
  status: number;
  body: ErrorBody;
  headers?: Record<string, string>;
}

/**
 * Maps any thrown value to an HTTP status and error body, once for the whole server: the typed
 * errors of `model/errors.ts`, the request-parsing errors Fastify raises (malformed JSON, body too
 * large, unsupported media type), and everything else as a 500 that does not leak internals.
 */
export function mapError(error: unknown, options: { bodyLimit: number }): MappedError {
  if (error instanceof InputError) {
    return {
      status: 400,
      body: { error: compact({ name: error.name, message: error.message, path: error.path, issues: error.issues }) },
    };
  }
  if (error instanceof NotFoundError) {
    return {
      status: 404,
      body: { error: compact({ name: error.name, message: error.message, suggestions: error.suggestions }) },
    };
  }
  if (error instanceof ConflictError) {
    return { status: 409, body: { error: compact({ name: error.name, message: error.message, path: error.path }) } };
  }
  if (error instanceof AuthError) {
    return {
      status: 401,
      body: { error: { name: error.name, message: error.message } },
      headers: { 'www-authenticate': 'Bearer realm="rootline"' },
    };
  }
  if (error instanceof ForbiddenError) {
    return { status: 403, body: { error: { name: error.name, message: error.message } } };
  }
  return mapFastifyError(error, options) ?? internalError(error);
}

function mapFastifyError(error: unknown, options: { bodyLimit: number }): MappedError | null {
  if (!isFastifyError(error)) return null;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        status: 413,
        body: {
          error: {
            name: 'PayloadTooLargeError',
            message: `request body is larger than the limit of ${options.bodyLimit} bytes`,
            path: 'body',
          },
        },
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return inputProblem('body', 'request body is empty; expected JSON');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return inputProblem('body', `request body is not valid JSON: ${error.message}`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        body: {
          error: {
            name: 'UnsupportedMediaTypeError',
            message: 'unsupported Content-Type; send application/json (or application/x-ndjson for a batch)',
            path: 'headers.content-type',
          },
        },
      };
  }
  // zlib errors (Z_DATA_ERROR, Z_BUF_ERROR) from a Content-Encoding body that is not what it says.
  if (typeof error.code === 'string' && error.code.startsWith('Z_')) {
    return inputProblem('body', `request body is not valid for its Content-Encoding: ${error.message}`);
  }
  // JSON.parse failures surface as a SyntaxError that Fastify marks 400.
  if (error instanceof SyntaxError && error.statusCode === 400) {
    return inputProblem('body', `request body is not valid JSON: ${error.message}`);
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return {
      status: error.statusCode,
      body: { error: { name: httpErrorName(error.statusCode), message: error.message } },
    };
  }
  return null;
}

function inputProblem(path: string, message: string): MappedError {
  return { status: 400, body: { error: { name: 'InputError', message, path, issues: [{ path, message }] } } };
}

function internalError(error: unknown): MappedError {
  const body: ErrorBody = { error: { name: 'InternalError', message: 'internal server error' } };
  if (process.env.NODE_ENV === 'development' && error instanceof Error && error.stack) {
    body.error.stack = error.stack;
  }
  return { status: 500, body };
}

function httpErrorName(status: number): string {
  switch (status) {
    case 404:
      return 'NotFoundError';
    case 405:
      return 'MethodNotAllowedError';
    case 429:
      return 'TooManyRequestsError';
    default:
      return 'InputError';
  }
}

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && ('code' in error || 'statusCode' in error);
}

function compact(error: ErrorBody['error']): ErrorBody['error'] {
  const out: ErrorBody['error'] = { name: error.name, message: error.message };
  if (error.path !== undefined) out.path = error.path;
  if (error.issues !== undefined && error.issues.length > 0) out.issues = error.issues;
  if (error.suggestions !== undefined && error.suggestions.length > 0) out.suggestions = error.suggestions;
  return out;
}

/**
 * The server's one error handler. Client errors are answered as they are; server errors are
 * logged once here, with the stack, and answered without it.
 */
export function createErrorHandler(options: { bodyLimit: number }) {
  return function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
    const mapped = mapError(error, options);
    if (mapped.status >= 500) {
      request.log.error({ err: error }, 'request failed');
      mapped.body.error.requestId = request.id;
    }
    if (mapped.headers) reply.headers(mapped.headers);
    return reply.status(mapped.status).send(mapped.body);
  };
}
