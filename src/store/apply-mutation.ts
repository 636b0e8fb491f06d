import type { DatasetVersionRef } from '../model/graph.js';
import type { Mutation, NodeUpsert } from '../model/mutation.js';
import { parseNodeId } from '../model/node-id.js';
import { canonicalId, loadAliases } from './aliases.js';
import { type ApplyContext, type BatchState, readNextChangeSeq } from './apply-context.js';
import { applyEdgeSet } from './apply-edges.js';
import { applyNodeUpserts, ensureNodes } from './apply-nodes.js';
import { applyAssertionResult, applyRunUpsert } from './apply-runs.js';
import { applyDatasetVersion, applyJobVersion } from './apply-versions.js';
import type { SqlExecutor } from './sql-driver.js';
import { WriteCache } from './write-cache.js';

/** Every node id a mutation names, for loading the aliases it needs. */
export function mentionedIds(m: Mutation): string[] {
  const ids: string[] = [];
  for (const n of m.nodes) ids.push(n.id);
  for (const set of m.edgeSets) for (const e of set.edges) ids.push(e.source, e.target);
  for (const v of m.datasetVersions) ids.push(v.datasetId);
  for (const r of m.runs) for (const ref of [...r.inputVersions, ...r.outputVersions]) ids.push(ref.datasetId);
  for (const a of m.assertionResults) ids.push(a.nodeId);
  for (const a of m.aliases) ids.push(a.canonical);
  return ids;
}

async function recordAliases(ctx: ApplyContext, m: Mutation): Promise<void> {
  for (const { alias, canonical } of m.aliases) {
    const target = canonicalId(canonical, ctx.aliases);
    if (target === alias) continue;
    await ctx.tx.run(
      `INSERT INTO aliases (alias, canonical, seq) VALUES (?, ?, ?)
        ON CONFLICT (alias) DO UPDATE SET canonical = excluded.canonical, seq = excluded.seq`,
      [alias, target, ctx.eventSeq],
    );
    ctx.aliases.set(alias, target);
  }
}

function canonicalNode(upsert: NodeUpsert, aliases: ReadonlyMap<string, string>): NodeUpsert {
  const id = canonicalId(upsert.id, aliases);
  if (id === upsert.id) return upsert;
  const ref = parseNodeId(id);
  return 'namespace' in ref ? { ...upsert, id, namespace: ref.namespace, name: ref.name } : { ...upsert, id };
}

/**
 * Applies a mutation inside the caller's write transaction, after its event was appended as
 * record `eventSeq`. Ids naming a recorded alias (or a field of one) are rewritten to their
 * canonical dataset first, so every part of the mutation lands on one node. With `batch` (the
 * mutations of one transaction applied in order), what earlier ones learnt is not read again;
 * its aliases must cover every id the batch mentions ({@link mentionedIds}).
 */
export async function applyMutation(tx: SqlExecutor, m: Mutation, eventSeq: number, batch?: BatchState): Promise<void> {
  const ctx: ApplyContext = {
    tx,
    batch,
    eventSeq,
    nextChangeSeq: 0,
    nextNodeRev: 0,
    nids: new Map(),
    aliases: batch ? batch.aliases : await loadAliases(tx, mentionedIds(m)),
    cache: batch ? batch.cache : new WriteCache(),
  };
  await recordAliases(ctx, m);
  const id = (value: string): string => canonicalId(value, ctx.aliases);
  const refs = (list: readonly DatasetVersionRef[]): DatasetVersionRef[] =>
    list.map((r) => ({ datasetId: id(r.datasetId), version: r.version }));

  await applyNodeUpserts(
    ctx,
    m.nodes.map((n) => canonicalNode(n, ctx.aliases)),
  );
  if (m.edgeSets.length > 0) {
    ctx.nextChangeSeq = batch && batch.nextChangeSeq > 0 ? batch.nextChangeSeq : await readNextChangeSeq(tx);
  }
  for (const set of m.edgeSets) {
    const edges = set.edges.map((e) => ({ ...e, source: id(e.source), target: id(e.target) }));
    // The job an edge was derived in gets a key too: the traversal index names it without a lookup.
    await ensureNodes(
      ctx,
      edges.flatMap((e) => (e.via === null ? [e.source, e.target] : [e.source, e.target, e.via])),
      set.at,
    );
    await applyEdgeSet(ctx, { ...set, edges });
  }
  for (const v of m.datasetVersions) await applyDatasetVersion(ctx, { ...v, datasetId: id(v.datasetId) });
  for (const v of m.jobVersions) await applyJobVersion(ctx, v);
  for (const r of m.runs) {
    await applyRunUpsert(ctx, { ...r, inputVersions: refs(r.inputVersions), outputVersions: refs(r.outputVersions) });
  }
  for (const a of m.assertionResults) await applyAssertionResult(ctx, { ...a, nodeId: id(a.nodeId) });
  if (batch && m.edgeSets.length > 0) batch.nextChangeSeq = ctx.nextChangeSeq;
  // A batch's owner flushes once for all its mutations.
  if (!batch) {
    await ctx.cache.flush(tx);
    await ctx.cache.flushEdges(tx);
  }
}
