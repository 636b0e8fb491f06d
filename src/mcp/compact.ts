import { z } from 'zod';
import type { GraphEdge, GraphNode, Transformation } from '../model/graph.js';
import { clip } from './budget.js';

/** A node as an assistant needs it to follow up: its id and what it is, nothing verbatim. */
export interface NodeBrief {
  id: string;
  kind: string;
  name: string;
  namespace: string;
  subtype?: string;
  description?: string;
  owners?: string[];
  tags?: string[];
}

/** An edge with both endpoints (column ids stay column ids) and its transformations as short labels. */
export interface EdgeBrief {
  kind: string;
  source: string;
  target: string;
  via?: string;
  transformations?: string[];
}

/** The brief form of a node; empty parts are left out and descriptions clipped. */
export function briefNode(node: GraphNode, descriptionMax = 160): NodeBrief {
  const brief: NodeBrief = { id: node.id, kind: node.kind, name: node.name, namespace: node.namespace };
  if (node.subtype) brief.subtype = node.subtype;
  if (node.description) brief.description = clip(node.description, descriptionMax);
  if (node.owners.length) brief.owners = [...new Set(node.owners.map((owner) => owner.name))].slice(0, 5);
  if (node.tags.length) brief.tags = node.tags.slice(0, 10);
  return brief;
}

/** `DIRECT/IDENTITY`, `INDIRECT/FILTER`, with ` (masked)` for masking transformations. */
export function transformationLabel(t: Pick<Transformation, 'type' | 'subtype' | 'masking'>): string {
  return `${t.type}${t.subtype ? `/${t.subtype}` : ''}${t.masking ? ' (masked)' : ''}`;
}

export function briefEdge(edge: GraphEdge): EdgeBrief {
  const brief: EdgeBrief = { kind: edge.kind, source: edge.source, target: edge.target };
  if (edge.via) brief.via = edge.via;
  if (edge.transformations.length) brief.transformations = edge.transformations.map(transformationLabel);
  return brief;
}

/**
 * Shortens a path of ids to at most `max` entries, keeping both ends (where it starts and what
 * it reaches) and saying how many hops in the middle were dropped.
 */
export function shortenPath(path: readonly string[], max = 8): string[] {
  if (path.length <= max) return [...path];
  const head = Math.floor((max - 1) / 2);
  const tail = max - 1 - head;
  return [...path.slice(0, head), `…${path.length - head - tail} more hops…`, ...path.slice(path.length - tail)];
}

/** A free-form record (attributes, params) kept whole when small, otherwise reduced to its keys. */
export function compactRecord(record: Record<string, unknown>, max = 1_200): Record<string, unknown> {
  if (JSON.stringify(record).length <= max) return record;
  const keys = Object.keys(record);
  return { truncated: true, keys: keys.slice(0, 50), ...(keys.length > 50 ? { moreKeys: keys.length - 50 } : {}) };
}

/** Counts values by a key, for summaries ("3 datasets, 5 jobs"). */
export function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

/** "3 dataset, 5 job" as words: `3 datasets, 5 jobs`. */
export function describeCounts(counts: Record<string, number>): string {
  const parts = Object.entries(counts).map(([kind, count]) => `${count} ${kind}${count === 1 ? '' : 's'}`);
  return parts.length ? parts.join(', ') : 'nothing';
}

/** Output schema of {@link NodeBrief}. */
export const nodeBriefOutput = z.object({
  id: z.string(),
  kind: z.string(),
  name: z.string(),
  namespace: z.string(),
  subtype: z.string().optional(),
  description: z.string().optional(),
  owners: z.array(z.string()).optional(),
  tags: z.array(z.string()).optional(),
});

/** Output schema of {@link EdgeBrief}. */
export const edgeBriefOutput = z.object({
  kind: z.string(),
  source: z.string(),
  target: z.string(),
  via: z.string().optional(),
  transformations: z.array(z.string()).optional(),
});
