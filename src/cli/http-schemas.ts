import { z } from 'zod';
import { EDGE_KINDS, EDGE_ORIGINS } from '../model/graph.js';
import { NODE_KINDS } from '../model/node-id.js';

/** Shapes of the server's answers, checked before the CLI trusts them. */

export const issueSchema = z.object({ path: z.string(), message: z.string() });

export const errorBodySchema = z.object({
  error: z.object({
    name: z.string(),
    message: z.string(),
    path: z.string().optional(),
    issues: z.array(issueSchema).optional(),
    suggestions: z.array(z.string()).optional(),
  }),
});

const nullableString = z.string().nullable();

export const graphNodeSchema = z.object({
  id: z.string(),
  kind: z.enum(NODE_KINDS),
  namespace: z.string(),
  name: z.string(),
  subtype: nullableString,
  description: nullableString,
  owners: z.array(z.object({ name: z.string(), type: z.string().optional() })),
  tags: z.array(z.string()),
  facets: z.record(z.string(), z.unknown()),
  attributes: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  updatedAt: z.string(),
  deletedAt: nullableString,
});

export const graphEdgeSchema = z.object({
  kind: z.enum(EDGE_KINDS),
  source: z.string(),
  target: z.string(),
  origin: z.enum(EDGE_ORIGINS),
  via: nullableString,
  transformations: z.array(
    z.object({
      type: z.enum(['DIRECT', 'INDIRECT']),
      subtype: z.string().optional(),
      description: z.string().optional(),
      masking: z.boolean().optional(),
    }),
  ),
  attributes: z.record(z.string(), z.unknown()),
  validFrom: z.string(),
  validTo: nullableString,
});

export const lineageGraphSchema = z.object({
  nodes: z.array(graphNodeSchema.extend({ depth: z.number() })),
  edges: z.array(graphEdgeSchema),
  partial: z.boolean(),
});

export const ingestOutcomeSchema = z.object({
  index: z.number(),
  status: z.enum(['accepted', 'duplicate', 'rejected']),
  seq: z.number().optional(),
  warnings: z.array(issueSchema).default([]),
  errors: z.array(issueSchema).default([]),
});

export const chainReportSchema = z.object({
  ok: z.boolean(),
  checked: z.number(),
  firstBroken: z.object({ seq: z.number(), reason: z.string() }).nullable(),
});

const nodeChangeSchema = z.object({
  id: z.string(),
  kind: z.enum(NODE_KINDS),
  namespace: z.string(),
  name: z.string(),
  at: z.string(),
  schema: z
    .object({
      added: z.array(z.string()),
      removed: z.array(z.string()),
      typeChanged: z.array(z.object({ field: z.string(), from: nullableString, to: nullableString })),
    })
    .optional(),
});

export const graphDiffSchema = z.object({
  from: z.string(),
  to: z.string(),
  nodes: z.object({
    added: z.array(nodeChangeSchema),
    removed: z.array(nodeChangeSchema),
    changed: z.array(nodeChangeSchema),
  }),
  edges: z.object({
    added: z.array(graphEdgeSchema),
    removed: z.array(graphEdgeSchema),
    changed: z.array(z.object({ before: graphEdgeSchema, after: graphEdgeSchema })),
  }),
  partial: z.boolean(),
});
