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

const EDGE_ROWS_PER_STATEMENT = 30;
const EDGE_VALUES = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';

/**
 * Inserts opened edges with multi-row statements, each taking the next change sequence number;
 * the ones left open join `open` (the scope's open edges, by eid).
 */
async function insertEdges(
  ctx: ApplyContext,
  openings: readonly Opening[],
  open: Map<number, ScopeEdgeRow> | null,
): Promise<void> {
  for (let i = 0; i < openings.length; i += EDGE_ROWS_PER_STATEMENT) {
    const part = openings.slice(i, i + EDGE_ROWS_PER_STATEMENT);
    const params = part.flatMap(({ scope, edge: e, from, to }) => [
      scope,
      e.edge.kind,
      e.src,
      e.dst,
      e.edge.via,
      e.edge.origin,
      JSON.stringify(e.edge.transformations),
      JSON.stringify(e.edge.attributes),
      from,
      to,
      edgeKindCode(e.edge.kind),
      edgeLevelMask(e.edge),
      transformationMask(e.edge.transformations),
      Date.parse(from),
      to === null ? null : Date.parse(to),
      takeChangeSeq(ctx),
    ]);
    const inserted = await ctx.tx.all<{ eid: number; kind: string; src: number; dst: number; via: string | null }>(
      `INSERT INTO edges (scope, kind, src, dst, via, origin, transformations, attributes, valid_from, valid_to, kind_code,
        level_mask, tmask, from_ms, to_ms, change_seq) VALUES ${part.map(() => EDGE_VALUES).join(', ')}
        RETURNING eid, kind, src, dst, via`,
      params,
    );
    if (!open) continue;
    const opened = new Map(part.filter((o) => o.to === null).map((o) => [o.edge.key, o]));
    for (const row of inserted) {
      const opening = opened.get(keyOf(row.kind, Number(row.src), Number(row.dst), row.via));
      if (!opening) continue;
      const eid = Number(row.eid);
      open.set(eid, {
        eid,
        kind: opening.edge.edge.kind,
        src: opening.edge.src,
        dst: opening.edge.dst,
        via: opening.edge.edge.via,
        transformations: JSON.stringify(opening.edge.edge.transformations),
        attributes: JSON.stringify(opening.edge.edge.attributes),
        valid_from: opening.from,
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
  await ctx.tx.run('UPDATE edges SET valid_to = ?, to_ms = ?, change_seq = ? WHERE eid = ?', [
    to,
    Date.parse(to),
    takeChangeSeq(ctx),
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
  await insertEdges(ctx, openings, openMap);
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
  const keys = new Set(known.map((row) => keyOf(row.kind, row.src, row.dst, row.via)));
  await insertEdges(
    ctx,
    resolved.filter((e) => !keys.has(e.key)).map((e) => ({ scope: set.scope, edge: e, from: set.at, to: lastAt })),
    null,
  );
}
