import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { z } from 'zod';
import { parseInput } from './parse-input.js';

type AnySchema = z.ZodType;
type Output<S> = S extends AnySchema ? z.output<S> : undefined;

/** What a handler receives: the parsed request parts plus the raw request and reply. */
export interface RouteInput<Q, P, B> {
  query: Q;
  params: P;
  body: B;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface RouteSpec<
  Q extends AnySchema | undefined,
  P extends AnySchema | undefined,
  B extends AnySchema | undefined,
> {
  method: HTTPMethods;
  url: string;
  summary: string;
  description?: string;
  tags: string[];
  querystring?: Q;
  params?: P;
  body?: B;
  /** JSON Schema for the documentation when the body is parsed by the handler itself. */
  bodyDoc?: Record<string, unknown>;
  /** Documented responses: status code -> description. */
  responses?: Record<number, string>;
  handler: (input: RouteInput<Output<Q>, Output<P>, Output<B>>) => Promise<unknown>;
}

/**
 * Registers a route whose query, params and body are parsed with zod (errors become an
 * `InputError` naming the field) and whose schemas are published, as JSON Schema, in the
 * OpenAPI document. Fastify's own validator is switched off in `app.ts`, so zod is the only judge.
 */
export function defineRoute<
  Q extends AnySchema | undefined = undefined,
  P extends AnySchema | undefined = undefined,
  B extends AnySchema | undefined = undefined,
>(app: FastifyInstance, spec: RouteSpec<Q, P, B>): void {
  const schema: Record<string, unknown> = { summary: spec.summary, tags: spec.tags };
  if (spec.description) schema.description = spec.description;
  if (spec.querystring) schema.querystring = toJsonSchema(spec.querystring);
  if (spec.params) schema.params = toJsonSchema(spec.params);
  if (spec.body) schema.body = toJsonSchema(spec.body);
  else if (spec.bodyDoc) schema.body = spec.bodyDoc;
  if (spec.responses) {
    schema.response = Object.fromEntries(
      Object.entries(spec.responses).map(([status, description]) => [status, { description, type: 'object' }]),
    );
  }
  app.route({
    method: spec.method,
    url: spec.url,
    schema,
    handler: async (request, reply) => {
      const query = spec.querystring ? parseInput(spec.querystring, request.query, 'query') : undefined;
      const params = spec.params ? parseInput(spec.params, request.params, 'params') : undefined;
      const body = spec.body ? parseInput(spec.body, request.body, 'body') : undefined;
      return spec.handler({
        query: query as Output<Q>,
        params: params as Output<P>,
        body: body as Output<B>,
        request,
        reply,
      });
    },
  });
}

function toJsonSchema(schema: AnySchema): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' });
  const { $schema: _ignored, ...rest } = json as Record<string, unknown>;
  return rest;
}
