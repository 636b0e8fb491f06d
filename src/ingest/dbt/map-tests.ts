import type { AssertionStatus, Diagnostic } from '../../model/graph.js';
import type { Mutation } from '../../model/mutation.js';
import { datasetId, fieldId, formatNodeId } from '../../model/node-id.js';
import type { DbtNode } from './manifest-schema.js';
import type { DbtRelation } from './project-index.js';
import type { DbtRunResult } from './run-results-schema.js';

export const GENERIC_TESTS = ['not_null', 'unique', 'accepted_values', 'relationships'] as const;

export interface TestMappingContext {
  relations: Map<string, DbtRelation>;
  /** Run results by unique id (the latest per id). */
  results: Map<string, DbtRunResult>;
  /** When the run results were written; the time of a result without timing. */
  resultsAt: string | null;
  at: string;
  /** Whether a dataset has this field, in the relation's spelling. */
  spell(relation: DbtRelation, field: string): string;
}

/**
 * Turns dbt tests into assertion nodes on the dataset they test (`assertion:NS:DATASET:TEST`)
 * and each test's run result into an assertion result on the dataset or column. Generic tests
 * keep their kind (not_null, unique, accepted_values, relationships); every other test is
 * `custom`, with its macro name kept.
 */
export function addTests(mutation: Mutation, tests: readonly DbtNode[], context: TestMappingContext): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const test of tests) {
    const relation = testedRelation(test, context.relations);
    if (!relation) {
      diagnostics.push({
        severity: 'warning',
        code: 'dbt.test-without-target',
        message: `test ${test.unique_id} tests no model, seed, snapshot or source of the manifest; it was skipped`,
        path: `manifest.nodes.${test.unique_id}`,
      });
      continue;
    }
    const macro = test.test_metadata?.name ?? null;
    const type = macro !== null && (GENERIC_TESTS as readonly string[]).includes(macro) ? macro : 'custom';
    const rawColumn = test.column_name ?? stringKwarg(test, 'column_name');
    const column = rawColumn ? context.spell(relation, rawColumn) : null;
    const target = column
      ? fieldId(relation.namespace, relation.name, column)
      : datasetId(relation.namespace, relation.name);
    const kwargs = Object.fromEntries(
      Object.entries(test.test_metadata?.kwargs ?? {}).filter(([key]) => key !== 'model'),
    );
    const severity = test.config.severity ? test.config.severity.toLowerCase() : null;
    mutation.nodes.push({
      id: formatNodeId({ kind: 'assertion', namespace: relation.namespace, name: relation.name, assertion: test.name }),
      kind: 'assertion',
      namespace: relation.namespace,
      name: relation.name,
      at: context.at,
      subtype: type,
      description: test.description || null,
      tags: [...test.tags],
      attributes: {
        assertion: test.name,
        type,
        macro,
        column,
        target,
        severity,
        kwargs,
        dbtUniqueId: test.unique_id,
      },
    });
    const result = context.results.get(test.unique_id);
    const status = result ? assertionStatus(result.status) : null;
    if (!result || status === null) continue;
    const at = lastCompletedAt(result) ?? context.resultsAt ?? context.at;
    mutation.assertionResults.push({
      nodeId: target,
      assertion: test.name,
      status,
      at,
      runId: null,
      severity,
      details: {
        type,
        dbtUniqueId: test.unique_id,
        failures: result.failures ?? null,
        message: result.message ?? null,
      },
    });
  }
  return diagnostics;
}

function stringKwarg(test: DbtNode, key: string): string | null {
  const value = test.test_metadata?.kwargs?.[key];
  return typeof value === 'string' ? value : null;
}

/**
 * The relation a test checks: `attached_node` (manifest v10+), else the `ref()`/`source()` in
 * its `model` argument, else the one dependency whose name follows the test kind in the test's
 * name (`relationships_orders_customer_id__...` tests `orders`), else its only dependency.
 */
export function testedRelation(test: DbtNode, relations: Map<string, DbtRelation>): DbtRelation | null {
  if (test.attached_node) {
    const attached = relations.get(test.attached_node);
    if (attached) return attached;
  }
  const candidates = test.depends_on.nodes
    .map((id) => relations.get(id))
    .filter((relation): relation is DbtRelation => relation !== undefined);
  const model = stringKwarg(test, 'model');
  if (model) {
    const ref = /ref\(\s*['"]([^'"]+)['"]\s*(?:,\s*['"]([^'"]+)['"])?/.exec(model);
    const source = /source\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]/.exec(model);
    const name = ref ? (ref[2] ?? ref[1]) : null;
    const byRef = name ? candidates.find((c) => c.node?.name === name) : undefined;
    if (byRef) return byRef;
    const bySource = source
      ? candidates.find((c) => c.source?.source_name === source[1] && c.source?.name === source[2])
      : undefined;
    if (bySource) return bySource;
  }
  if (candidates.length === 1) return candidates[0] ?? null;
  const prefix = `${test.test_metadata?.name ?? ''}_`;
  const rest = test.name.startsWith(prefix) ? test.name.slice(prefix.length) : test.name;
  const named = candidates
    .filter((c) => rest.startsWith(`${c.node?.name ?? c.source?.name ?? c.identifier}_`))
    .sort((a, b) => (b.node?.name ?? b.identifier).length - (a.node?.name ?? a.identifier).length);
  return named[0] ?? candidates[candidates.length - 1] ?? null;
}

/** dbt test statuses map one to one; `skipped` and anything else yields no result. */
export function assertionStatus(status: string): AssertionStatus | null {
  switch (status) {
    case 'pass':
    case 'fail':
    case 'warn':
    case 'error':
      return status;
    default:
      return null;
  }
}

/** When a result finished: the last `completed_at` of its timing, as canonical UTC. */
export function lastCompletedAt(result: DbtRunResult): string | null {
  return isoTimes(result.timing.map((t) => t.completed_at)).at(-1) ?? null;
}

/** When a result started: the first `started_at` of its timing, as canonical UTC. */
export function firstStartedAt(result: DbtRunResult): string | null {
  return isoTimes(result.timing.map((t) => t.started_at))[0] ?? null;
}

/** Canonical UTC forms of the parseable times, sorted; dbt writes times without a zone as UTC. */
export function isoTimes(values: readonly (string | null | undefined)[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    const iso = toIsoTime(value);
    if (iso !== null) out.push(iso);
  }
  return out.sort();
}

export function toIsoTime(value: string | null | undefined): string | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value)) return null;
  const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/.test(value) ? value : `${value}Z`;
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
