import { z } from 'zod';
import type { HealthReport } from '../analysis/health.js';
import type { ImpactReport } from '../analysis/impact.js';
import type { PiiReport } from '../analysis/pii.js';
import type { RootCauseReport } from '../analysis/root-cause.js';
import type { SchemaChangeReport } from '../analysis/schema-changes.js';
import type { GraphNode } from '../model/graph.js';

/**
 * Shapes of the server's analysis answers, checked on their load-bearing fields before the CLI
 * trusts them; the rest passes through as the server sent it.
 */

const affectedSchema = z.looseObject({ id: z.string(), kind: z.string(), depth: z.number(), severity: z.string() });

export const impactSchema = z.custom<ImpactReport>(
  (value) =>
    z
      .looseObject({
        node: z.string(),
        affected: z.array(affectedSchema),
        summary: z.record(z.string(), z.number()),
        partial: z.boolean(),
      })
      .safeParse(value).success,
  'an impact report',
);

export const changesSchema = z.custom<SchemaChangeReport>(
  (value) =>
    z
      .looseObject({
        changes: z.array(z.looseObject({ column: z.string(), change: z.string() })),
        partial: z.boolean(),
      })
      .safeParse(value).success,
  'a list of schema changes',
);

export const rootCauseSchema = z.custom<RootCauseReport>(
  (value) =>
    z
      .looseObject({ node: z.string(), candidates: z.array(z.looseObject({ kind: z.string(), score: z.number() })) })
      .safeParse(value).success,
  'a root-cause report',
);

export const healthSchema = z.custom<HealthReport>(
  (value) =>
    z.looseObject({ sections: z.array(z.looseObject({ check: z.string(), count: z.number() })) }).safeParse(value)
      .success,
  'a health report',
);

export const piiSchema = z.custom<PiiReport>(
  (value) =>
    z.looseObject({ tagged: z.array(z.string()), derived: z.array(z.looseObject({ id: z.string() })) }).safeParse(value)
      .success,
  'a PII report',
);

export const annotateSchema = z.custom<{ node: GraphNode; status: string; seq: number }>(
  (value) =>
    z.looseObject({ node: z.looseObject({ id: z.string() }), status: z.string(), seq: z.number() }).safeParse(value)
      .success,
  'an annotation result',
);
