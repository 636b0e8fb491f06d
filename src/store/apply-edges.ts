import { canonicalJson } from '../model/canonical-json.js';
import type { EdgeInput } from '../model/graph.js';
import type { EdgeSet } from '../model/mutation.js';
import type { ApplyContext } from './apply-context.js';
import { edgeKindCode, edgeLevelMask, transformationMask } from './edge-codes.js';
import { laterOf } from './iso-order.js';
import type { OpenEdgeRow as ScopeEdgeRow } from './write-cache.js';

interface ResolvedEdge {
  edge: EdgeInput;
  src: number;
  dst: number;
  key: string;
  content: string;
}

function keyOf(kind: string, src: number, dst: number, via: string | null): string {
  return `${kind}|${src}|${dst}|${via ?? ''}`;
}

function contentOf(transformations: unknown, attributes: unknown): string {
  return canonicalJson([transformations, attributes]);
}

function takeChangeSeq(ctx: ApplyContext): number {
  const seq = ctx.nextChangeSeq;
  ctx.nextChangeSeq += 1;
  return seq;
}

interface Opening {
  scope: string;
  edge: ResolvedEdge;
  from: string;
  to: string | null;
}

/**
 * Queues opened edges for the batch's insert, each taking the next change sequence number; the
 * ones left open join `open` (the scope's open edges, by eid) under their stand-in eid.
 */
function insertEdges(ctx: ApplyContext, openings: readonly Opening[], open: Map<number, ScopeEdgeRow> | null): void {
  for (const { scope, edge: e, from, to } of openings) {
    const transformations = JSON.stringify(e.edge.transformations);
    const attributes = JSON.stringify(e.edge.attributes);
    const eid = ctx.cache.edges.add([
      scope,
      e.edge.kind,
      e.src,
      e.dst,
      e.edge.via,
      e.edge.origin,
      transformations,
      attributes,
      from,
      to,
      edgeKindCode(e.edge.kind),
      edgeLevelMask(e.edge),
      transformationMask(e.edge.transformations),
      Date.parse(from),
      to === null ? null : Date.parse(to),
      takeChangeSeq(ctx),
      e.edge.via === null ? null : (ctx.nids.get(e.edge.via) ?? null),
      ctx.eventSeq,
      to === null ? null : ctx.eventSeq,
    ]);
    if (open && to === null) {
      open.set(eid, {
        eid,
        kind: e.edge.kind,
        src: e.src,
        dst: e.dst,
        via: e.edge.via,
        transformations,
        attributes,
        valid_from: from,
        valid_to: null,
      });
    }
  }
}

async function closeEdge(
  ctx: ApplyContext,
  row: ScopeEdgeRow,
  at: string,
  open: Map<number, ScopeEdgeRow>,
): Promise<void> {
  open.delete(row.eid);
  const to = laterOf(row.valid_from, at);
  if (row.eid < 0) {
    ctx.cache.edges.set(row.eid, {
      valid_to: to,
      to_ms: Date.parse(to),
      change_seq: takeChangeSeq(ctx),
      closed_seq: ctx.eventSeq,
    });
    return;
  }
  await ctx.tx.run('UPDATE edges SET valid_to = ?, to_ms = ?, change_seq = ?, closed_seq = ? WHERE eid = ?', [
    to,
    Date.parse(to),
    takeChangeSeq(ctx),
    ctx.eventSeq,
    row.eid,
  ]);
}

/**
 * Applies one edge set with the scope semantics documented on {@link EdgeSet}: merge opens what
 * is not open; replace closes what the set no longer states; a replace from the scope's last
 * replacing run accumulates; a late replace from another run changes nothing.
 */
export async function applyEdgeSet(ctx: ApplyContext, set: EdgeSet): Promise<void> {
  const resolved: ResolvedEdge[] = [];
  const seen = new Set<string>();
  for (const edge of set.edges) {
    const src = ctx.nids.get(edge.source);
    const dst = ctx.nids.get(edge.target);
    if (src === undefined || dst === undefined)
      throw new Error(`edge endpoint without a node key: ${edge.source} -> ${edge.target}`);
    const key = keyOf(edge.kind, src, dst, edge.via);
    if (seen.has(key)) continue;
    seen.add(key);
    resolved.push({ edge, src, dst, key, content: contentOf(edge.transformations, edge.attributes) });
  }
  const state = await ctx.cache.scope(ctx.tx, set.scope);
  const lastAt = state?.last_replace_at ?? null;
  const sameRun = set.runId !== null && state?.last_replace_run === set.runId;
  const late = lastAt !== null && set.at < lastAt && !sameRun;

  if (late) {
    if (set.mode === 'replace' || lastAt === null) return;
    await applyLateMerge(ctx, set, resolved, lastAt);
    return;
  }
  const openMap = await ctx.cache.openEdgesOf(ctx.tx, set.scope);
  const open = [...openMap.values()];
  const openByKey = new Map(open.map((row) => [keyOf(row.kind, row.src, row.dst, row.via), row]));
  const replacing = set.mode === 'replace' && !sameRun;

  const openings: Opening[] = [];
  for (const e of resolved) {
    const current = openByKey.get(e.key);
    if (!current) {
      openings.push({ scope: set.scope, edge: e, from: set.at, to: null });
      continue;
    }
    if (contentOf(JSON.parse(current.transformations), JSON.parse(current.attributes)) === e.content) continue;
    if (replacing) {
      await closeEdge(ctx, current, set.at, openMap);
      openings.push({ scope: set.scope, edge: e, from: laterOf(current.valid_from, set.at), to: null });
    } else if (current.eid < 0) {
      ctx.cache.edges.set(current.eid, {
        transformations: JSON.stringify(e.edge.transformations),
        attributes: JSON.stringify(e.edge.attributes),
        tmask: transformationMask(e.edge.transformations),
        origin: e.edge.origin,
        change_seq: takeChangeSeq(ctx),
      });
      openMap.set(current.eid, {
        ...current,
        transformations: JSON.stringify(e.edge.transformations),
        attributes: JSON.stringify(e.edge.attributes),
      });
    } else {
      await ctx.tx.run(
        'UPDATE edges SET transformations = ?, attributes = ?, tmask = ?, origin = ?, change_seq = ? WHERE eid = ?',
        [
          JSON.stringify(e.edge.transformations),
          JSON.stringify(e.edge.attributes),
          transformationMask(e.edge.transformations),
          e.edge.origin,
          takeChangeSeq(ctx),
          current.eid,
        ],
      );
      openMap.set(current.eid, {
        ...current,
        transformations: JSON.stringify(e.edge.transformations),
        attributes: JSON.stringify(e.edge.attributes),
      });
    }
  }
  insertEdges(ctx, openings, openMap);
  if (replacing) {
    for (const row of open) {
      if (!seen.has(keyOf(row.kind, row.src, row.dst, row.via))) await closeEdge(ctx, row, set.at, openMap);
    }
  }
  if (set.mode === 'replace') {
    const at = lastAt === null ? set.at : laterOf(lastAt, set.at);
    ctx.cache.writeScope(set.scope, { last_replace_at: at, last_replace_run: set.runId });
  }
}

/**
 * A merge older than the scope's last replace (from another run) must not reopen history: edges
 * the scope never had are recorded as valid from the merge until that replace, which did not
 * state them; edges the scope already knows are left alone.
 */
async function applyLateMerge(
  ctx: ApplyContext,
  set: EdgeSet,
  resolved: ResolvedEdge[],
  lastAt: string,
): Promise<void> {
  const known = await ctx.tx.all<ScopeEdgeRow>(
    'SELECT eid, kind, src, dst, via, transformations, attributes, valid_from, valid_to FROM edges WHERE scope = ?',
    [set.scope],
  );
  const keys = new Set(known.map((row) => keyOf(row.kind, Number(row.src), Number(row.dst), row.via)));
  for (const key of ctx.cache.edges.keysOf(set.scope, keyOf)) keys.add(key);
  insertEdges(
    ctx,
    resolved.filter((e) => !keys.has(e.key)).map((e) => ({ scope: set.scope, edge: e, from: set.at, to: lastAt })),
    null,
  );
}
