import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * Who sent the request (a token id or user), recorded as the actor of ingested events.
     * null until an authentication hook sets it (the open loopback server has no actor).
     */
    actor: string | null;
  }
}

/** Adds `request.actor` (null by default) for authentication hooks to fill in. */
export function decorateActor(app: FastifyInstance): void {
  app.decorateRequest('actor', null);
}
