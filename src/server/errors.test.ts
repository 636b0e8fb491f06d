import { afterEach, describe, expect, it } from 'vitest';
import { AuthError, ConflictError, ForbiddenError, InputError, NotFoundError } from '../model/errors.js';
import { mapError } from './errors.js';

const map = (error: unknown) => mapError(error, { bodyLimit: 1024 });

describe('mapError', () => {
  const env = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = env;
  });

  it('maps each typed error to its status with name, message and path', () => {
    expect(map(new InputError('depth must be a number', { path: 'query.depth' }))).toEqual({
      status: 400,
      body: {
        error: {
          name: 'InputError',
          message: 'depth must be a number',
          path: 'query.depth',
          issues: [{ path: 'query.depth', message: 'depth must be a number' }],
        },
      },
    });
    expect(map(new NotFoundError('node x not found', { suggestions: ['dataset:a:x'] })).body.error).toEqual({
      name: 'NotFoundError',
      message: 'node x not found',
      suggestions: ['dataset:a:x'],
    });
    expect(map(new NotFoundError('gone')).status).toBe(404);
    expect(map(new ConflictError('relisted', { path: 'version' })).status).toBe(409);
    expect(map(new AuthError('no token'))).toMatchObject({
      status: 401,
      headers: { 'www-authenticate': expect.any(String) },
    });
    expect(map(new ForbiddenError('read-only token')).status).toBe(403);
  });

  it('answers an unexpected error with 500 and hides its message and stack', () => {
    process.env.NODE_ENV = 'production';
    const mapped = map(new Error('SQLITE_CORRUPT at /var/lib/rootline.db'));
    expect(mapped.status).toBe(500);
    expect(mapped.body).toEqual({ error: { name: 'InternalError', message: 'internal server error' } });
    expect(JSON.stringify(mapped.body)).not.toContain('SQLITE');
  });

  it('adds the stack to a 500 only in development', () => {
    process.env.NODE_ENV = 'development';
    expect(map(new Error('boom')).body.error.stack).toContain('boom');
  });

  it('maps body-too-large to 413 naming the limit', () => {
    const error = Object.assign(new Error('Request body is too large'), {
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
      statusCode: 413,
    });
    const mapped = map(error);
    expect(mapped.status).toBe(413);
    expect(mapped.body.error.message).toContain('1024 bytes');
  });
});
