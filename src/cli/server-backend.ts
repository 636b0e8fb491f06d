import { z } from 'zod';
import { type CliBackend, LINEAGE_NODE_BUDGET } from './backend.js';
import { createHttpClient } from './http-client.js';
import { chainReportSchema, graphDiffSchema, ingestOutcomeSchema, lineageGraphSchema } from './http-schemas.js';

/** Events per request, well under the server's default 10 MB body limit for typical events. */
const BATCH_SIZE = 200;

const batchAnswerSchema = z.object({ results: z.array(ingestOutcomeSchema) });
const eventPageSchema = z.object({ totalCount: z.number() });

/** A backend that talks to a running Rootline server over its HTTP API. */
export function createServerBackend(url: string, options: { token?: string | undefined } = {}): CliBackend {
  const http = createHttpClient(url, options);
  return {
    target: url,
    async ingestOpenLineage(events, { strict }) {
      const outcomes = [];
      for (let start = 0; start < events.length; start += BATCH_SIZE) {
        const batch = events.slice(start, start + BATCH_SIZE);
        const answer = await http.post('/api/v1/lineage', { strict: strict || undefined }, batch, batchAnswerSchema);
        outcomes.push(...answer.results.map((outcome) => ({ ...outcome, index: outcome.index + start })));
      }
      return outcomes;
    },
    lineage: (query) =>
      http.get(
        '/api/v2/lineage',
        {
          node: query.node,
          direction: query.direction,
          depth: query.depth,
          level: query.level,
          asOf: query.asOf,
          maxNodes: LINEAGE_NODE_BUDGET,
        },
        lineageGraphSchema,
      ),
    diff: (from, to) => http.get('/api/v2/diff', { from, to }, graphDiffSchema),
    verify: () => http.get('/api/v2/events/verify', {}, chainReportSchema),
    async countEvents() {
      return (await http.get('/api/v1/events/lineage', { limit: 1 }, eventPageSchema)).totalCount;
    },
    close: async () => undefined,
  };
}
