import { type InputIssue, isRootlineError } from '../../model/errors.js';
import type { Store } from '../../store/store.js';
import { buildMutation } from './build-mutation.js';
import { columnLineageFromFacets } from './column-lineage.js';
import {
  createDatasetResolver,
  type DatasetRef,
  declaredAliases,
  mentionedDatasetIds,
  resolvedAliases,
} from './dataset-identity.js';
import { type ParsedEvent, parseOpenLineageEvent } from './parse-event.js';

export interface IngestOpenLineageOptions {
  /** Reject events with warnings (a standard facet failing its schema) instead of storing them. */
  strict: boolean;
  /** Token id or user that sent the events; null for the open loopback demo. */
  actor?: string | null | undefined;
}

/** One event's fate. `errors` explain a rejection; `warnings` what was kept raw or doubted. */
export interface EventOutcome {
  index: number;
  status: 'accepted' | 'duplicate' | 'rejected';
  seq?: number | undefined;
  warnings: InputIssue[];
  errors: InputIssue[];
}

/**
 * Validates raw OpenLineage events and records each through {@link Store.ingest}: an outcome per
 * event, in order, and the batch goes on past a rejected one. A rejected event changes nothing;
 * a replayed one is a duplicate and changes nothing either. Errors that are not about the input
 * (the database is gone) propagate.
 */
export async function ingestOpenLineage(
  store: Store,
  events: readonly unknown[],
  options: IngestOpenLineageOptions,
): Promise<EventOutcome[]> {
  const outcomes: EventOutcome[] = [];
  for (const [index, raw] of events.entries()) outcomes.push(await ingestEvent(store, raw, index, options));
  return outcomes;
}

async function ingestEvent(
  store: Store,
  raw: unknown,
  index: number,
  options: IngestOpenLineageOptions,
): Promise<EventOutcome> {
  const parsed = parseOpenLineageEvent(raw);
  if (parsed.event === null) return { index, status: 'rejected', warnings: parsed.warnings, errors: parsed.errors };
  if (options.strict && parsed.warnings.length > 0) {
    const errors = parsed.warnings.map((issue) => ({ ...issue, message: `${issue.message} [strict]` }));
    return { index, status: 'rejected', warnings: [], errors };
  }
  const event = parsed.event;
  try {
    const declared = declaredAliases(event);
    const stored = await loadStoredAliases(store, event, declared.refs);
    const mutation = buildMutation(event, {
      resolve: createDatasetResolver(declared, stored),
      aliases: resolvedAliases(declared.aliases, stored),
      columnLineage: columnLineageFromFacets(event),
    });
    const result = await store.ingest(
      { source: 'openlineage', actor: options.actor ?? null, payload: raw, eventTime: event.eventTime },
      mutation,
    );
    return { index, status: result.status, seq: result.seq, warnings: parsed.warnings, errors: [] };
  } catch (error) {
    if (!isRootlineError(error)) throw error;
    const path = 'path' in error && typeof error.path === 'string' ? error.path : '(event)';
    return { index, status: 'rejected', warnings: parsed.warnings, errors: [{ path, message: error.message }] };
  }
}

/**
 * The canonical identity of every dataset id the event mentions that the store knows as an alias.
 * The store answers with ids only; namespace and name come from the canonical node, because ids
 * such as `dataset:file:/tmp:default.t` cannot be split back unambiguously.
 */
async function loadStoredAliases(
  store: Store,
  event: ParsedEvent,
  canonicals: readonly DatasetRef[],
): Promise<Map<string, DatasetRef>> {
  const ids = [...new Set([...mentionedDatasetIds(event), ...canonicals.map((ref) => ref.id)])];
  const aliases = await store.resolveAliases(ids);
  const out = new Map<string, DatasetRef>();
  if (aliases.size === 0) return out;
  const nodes = new Map((await store.getNodes([...new Set(aliases.values())])).map((node) => [node.id, node]));
  for (const [alias, canonical] of aliases) {
    const node = nodes.get(canonical);
    if (node) out.set(alias, { id: node.id, namespace: node.namespace, name: node.name });
  }
  return out;
}
