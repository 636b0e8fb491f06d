import { type InputIssue, isRootlineError } from '../../model/errors.js';
import type { BatchItem, EventInput, Store } from '../../store/store.js';
import { buildMutation } from './build-mutation.js';
import { columnLineageFromFacets } from './column-lineage.js';
import {
  type AliasLookup,
  createDatasetResolver,
  type DatasetRef,
  declaredAliases,
  mentionedDatasetIds,
  resolvedAliases,
} from './dataset-identity.js';
import { type ParsedEvent, parseOpenLineageEvent } from './parse-event.js';
import { deriveSqlColumnLineage, type SqlAnalyzer } from './sql-column-lineage.js';

export interface IngestOpenLineageOptions {
  /** Reject events with warnings (a standard facet failing its schema) instead of storing them. */
  strict: boolean;
  /** Token id or user that sent the events; null for the open loopback demo. */
  actor?: string | null | undefined;
  /** Derives column lineage from the job's `sql` facet (default: the SQL analyzer); `false` turns it off. */
  analyzeSql?: SqlAnalyzer | false | undefined;
}

/** One event's fate. `errors` explain a rejection; `warnings` what was kept raw or doubted. */
export interface EventOutcome {
  index: number;
  status: 'accepted' | 'duplicate' | 'rejected';
  seq?: number | undefined;
  warnings: InputIssue[];
  errors: InputIssue[];
}

interface Pending {
  index: number;
  warnings: InputIssue[];
  item: BatchItem;
}

/** Events prepared and handed to the store at a time; bounds the mutations held in memory. */
const CHUNK = 500;

/**
 * Validates raw OpenLineage events and records them: an outcome per event, in input order, and
 * the batch goes on past a rejected one. A rejected event changes nothing; a replayed one is a
 * duplicate and changes nothing either.
 *
 * Valid events go to {@link Store.ingestBatch} a chunk at a time, which applies them in order
 * with the semantics of one `ingest` each, in few transactions. Aliases are resolved before a
 * chunk is written, so those declared by earlier events of the chunk are carried forward in
 * memory and the result is the same as ingesting the events one by one. A failure that is not
 * about the input (the database is gone) propagates.
 */
export async function ingestOpenLineage(
  store: Store,
  events: readonly unknown[],
  options: IngestOpenLineageOptions,
): Promise<EventOutcome[]> {
  const outcomes: EventOutcome[] = [];
  for (let start = 0; start < events.length; start += CHUNK) {
    const pending: Pending[] = [];
    const declaredInChunk = new Map<string, DatasetRef>();
    const schemasInChunk = new Map<string, string[]>();
    for (const [offset, raw] of events.slice(start, start + CHUNK).entries()) {
      const prepared = await prepareEvent(store, raw, start + offset, options, declaredInChunk, schemasInChunk);
      if ('status' in prepared) outcomes.push(prepared);
      else pending.push(prepared);
    }
    outcomes.push(...(await storePending(store, pending)));
  }
  return outcomes.sort((a, b) => a.index - b.index);
}

/** Parses one event and builds its mutation, or says why it is rejected. */
async function prepareEvent(
  store: Store,
  raw: unknown,
  index: number,
  options: IngestOpenLineageOptions,
  declaredInChunk: Map<string, DatasetRef>,
  schemasInChunk: Map<string, string[]>,
): Promise<Pending | EventOutcome> {
  const parsed = parseOpenLineageEvent(raw);
  if (parsed.event === null) return { index, status: 'rejected', warnings: parsed.warnings, errors: parsed.errors };
  if (options.strict && parsed.warnings.length > 0) {
    const errors = parsed.warnings.map((issue) => ({ ...issue, message: `${issue.message} [strict]` }));
    return { index, status: 'rejected', warnings: [], errors };
  }
  const event = parsed.event;
  const declared = declaredAliases(event);
  const fromStore = await loadStoredAliases(store, event, declared.refs);
  const known: AliasLookup = { get: (id) => declaredInChunk.get(id) ?? fromStore.get(id) };
  const facetLineage = columnLineageFromFacets(event);
  const fromSql = await deriveSqlColumnLineage(store, event, facetLineage, options.analyzeSql, schemasInChunk);
  const mutation = buildMutation(event, {
    resolve: createDatasetResolver(declared, known),
    aliases: resolvedAliases(declared.aliases, known),
    columnLineage: [...facetLineage, ...fromSql.lineage],
    diagnostics: fromSql.diagnostics,
  });
  // Schemas written earlier in the chunk are not in the store yet; SQL star expansion needs them.
  for (const version of mutation.datasetVersions) {
    if (version.fields)
      schemasInChunk.set(
        version.datasetId,
        version.fields.map((field) => field.name),
      );
  }
  const nodes = new Map(mutation.nodes.map((node) => [node.id, node]));
  for (const alias of mutation.aliases) {
    const canonical = nodes.get(alias.canonical) ?? known.get(alias.canonical);
    if (canonical) {
      declaredInChunk.set(alias.alias, { id: alias.canonical, namespace: canonical.namespace, name: canonical.name });
    }
  }
  const eventInput: EventInput = {
    source: 'openlineage',
    actor: options.actor ?? null,
    payload: raw,
    eventTime: event.eventTime,
  };
  return { index, warnings: parsed.warnings, item: { event: eventInput, mutation } };
}

async function storePending(store: Store, pending: readonly Pending[]): Promise<EventOutcome[]> {
  if (pending.length === 0) return [];
  const results = await store.ingestBatch(pending.map((entry) => entry.item));
  return pending.map(({ index, warnings }, position) => {
    const result = results[position];
    if (result === undefined) throw new Error(`the store returned no result for event ${index}`);
    if (result.status === 'failed') return { index, status: 'rejected', warnings, errors: [storeIssue(result.error)] };
    return { index, status: result.status, seq: result.seq, warnings, errors: [] };
  });
}

/**
 * A store refusal of one event (a ConflictError: an immutable record relisted differently) as an
 * issue. Any other failure is not about the input, so it propagates: the events stored before it
 * stay stored, and a client's retry of the whole call is safe because replays are duplicates.
 */
function storeIssue(error: Error): InputIssue {
  if (!isRootlineError(error)) throw error;
  const path = 'path' in error && typeof error.path === 'string' ? error.path : '(event)';
  return { path, message: error.message };
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
