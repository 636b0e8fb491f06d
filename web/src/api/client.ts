import type { z } from 'zod';
import type { Direction, Level, LineageGraph } from '../graph/lineage-types.js';
import { splitId } from '../graph/node-ids.js';
import {
  changesSchema,
  healthSchema,
  impactSchema,
  leakageSchema,
  piiReportSchema,
  rootCauseSchema,
  traceSchema,
} from './analysis-schemas.js';
import { getJson } from './http.js';
import {
  assertionsSchema,
  datasetVersionsSchema,
  type graphNodeSchema,
  jobRunsSchema,
  jobVersionsSchema,
  lineageSchema,
  marquezDatasetSchema,
  nodeDetailSchema,
  runsSchema,
  searchSchema,
} from './schemas.js';

export type ApiNode = z.infer<typeof graphNodeSchema>;

export interface LineageQuery {
  node: string;
  direction: Direction;
  depth: number;
  level: Level;
  asOf?: string | null;
}

const enc = encodeURIComponent;

/** The typed HTTP client of the UI: one function per server route it reads. */
export const api = {
  lineage: (q: LineageQuery, signal?: AbortSignal): Promise<LineageGraph> =>
    getJson(
      '/api/v2/lineage',
      { node: q.node, direction: q.direction, depth: q.depth, level: q.level, asOf: q.asOf },
      lineageSchema,
      signal,
    ),
  node: (id: string, asOf?: string | null, signal?: AbortSignal) =>
    getJson(`/api/v2/nodes/${enc(id)}`, { asOf }, nodeDetailSchema, signal),
  search: (q: string, kinds: readonly string[], limit = 30, signal?: AbortSignal) =>
    getJson('/api/v2/search', { q, kind: kinds.join(','), limit }, searchSchema, signal),
  runs: (params: { job?: string; state?: string; limit?: number }, signal?: AbortSignal) =>
    getJson('/api/v2/runs', params, runsSchema, signal),
  dataset: (id: string, signal?: AbortSignal) => {
    const { namespace, name } = splitId(id);
    return getJson(`/api/v1/namespaces/${enc(namespace)}/datasets/${enc(name)}`, {}, marquezDatasetSchema, signal);
  },
  datasetVersions: (id: string, signal?: AbortSignal) => {
    const { namespace, name } = splitId(id);
    return getJson(
      `/api/v1/namespaces/${enc(namespace)}/datasets/${enc(name)}/versions`,
      { limit: 100 },
      datasetVersionsSchema,
      signal,
    );
  },
  jobVersions: (id: string, signal?: AbortSignal) => {
    const { namespace, name } = splitId(id);
    return getJson(
      `/api/v1/namespaces/${enc(namespace)}/jobs/${enc(name)}/versions`,
      { limit: 100 },
      jobVersionsSchema,
      signal,
    );
  },
  jobRuns: (id: string, signal?: AbortSignal) => {
    const { namespace, name } = splitId(id);
    return getJson(
      `/api/v1/namespaces/${enc(namespace)}/jobs/${enc(name)}/runs`,
      { limit: 100 },
      jobRunsSchema,
      signal,
    );
  },
  assertions: (id: string, signal?: AbortSignal) =>
    getJson('/api/v2/assertions', { node: id, limit: 200 }, assertionsSchema, signal),
  impact: (id: string, change: string | null, asOf?: string | null, signal?: AbortSignal) =>
    getJson('/api/v2/impact', { node: id, change, asOf }, impactSchema, signal),
  rootCause: (id: string, since: string, signal?: AbortSignal) =>
    getJson('/api/v2/root-cause', { node: id, since }, rootCauseSchema, signal),
  trace: (prediction: string, signal?: AbortSignal) =>
    getJson(`/api/v2/predictions/${enc(prediction)}/trace`, {}, traceSchema, signal),
  health: (signal?: AbortSignal) => getJson('/api/v2/health', {}, healthSchema, signal),
  changes: (since: string, signal?: AbortSignal) => getJson('/api/v2/changes', { since }, changesSchema, signal),
  pii: (asOf?: string | null, signal?: AbortSignal) => getJson('/api/v2/pii', { asOf }, piiReportSchema, signal),
  leakage: (trainingSet: string, version: string | null, signal?: AbortSignal) =>
    getJson('/api/v2/leakage', { trainingSet, version }, leakageSchema, signal),
};
