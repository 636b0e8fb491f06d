import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../model/errors.js';
import type { Store } from '../../store/store.js';
import { defineRoute } from '../define-route.js';
import { toMarquezNamespace } from '../marquez/marquez-shapes.js';
import { pageQuery } from '../parse-input.js';
import type { RouteContext } from '../route-context.js';

export const namespaceParam = z.string().min(1).max(1024).describe('The name of the namespace (URL-encoded).');

/** The namespace summary, or a {@link NotFoundError} suggesting namespaces with a similar name. */
export async function requireNamespace(store: Store, name: string) {
  const namespaces = await store.listNamespaces();
  const found = namespaces.find((namespace) => namespace.name === name);
  if (found) return found;
  const needle = name.toLowerCase();
  const suggestions = namespaces
    .map((namespace) => namespace.name)
    .filter((candidate) => candidate.toLowerCase().includes(needle) || needle.includes(candidate.toLowerCase()))
    .slice(0, 5);
  throw new NotFoundError(`namespace '${name}' not found`, { suggestions });
}

/** Marquez-compatible `GET /api/v1/namespaces` and `GET /api/v1/namespaces/{namespace}`. */
export function registerNamespaceRoutes(app: FastifyInstance, { store }: RouteContext): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/namespaces',
    summary: 'List all namespaces',
    tags: ['Namespaces'],
    querystring: z.object(pageQuery),
    handler: async ({ query }) => {
      const namespaces = await store.listNamespaces();
      return {
        namespaces: namespaces.slice(query.offset, query.offset + query.limit).map(toMarquezNamespace),
        totalCount: namespaces.length,
      };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/namespaces/:namespace',
    summary: 'Retrieve a namespace',
    tags: ['Namespaces'],
    params: z.object({ namespace: namespaceParam }),
    handler: async ({ params }) => toMarquezNamespace(await requireNamespace(store, params.namespace)),
  });
}
