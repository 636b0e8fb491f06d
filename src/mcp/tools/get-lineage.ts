import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { findNodeOrSuggest } from '../../analysis/find-node.js';
import { markPii } from '../../analysis/pii.js';
import type { GraphEdge } from '../../model/graph.js';
import type { Store, TraversedNode } from '../../store/store.js';
import { capList, describePage, type PageInfo, pageOutput, startPaging } from '../budget.js';
import { briefEdge, countBy, describeCounts, edgeBriefOutput } from '../compact.js';
import { asOfInput, cursorInput, nodeIdInput, readNodeId, readTime } from '../inputs.js';
import type { ToolContext } from '../tool-context.js';
import { answerWith, toolResult } from '../tool-result.js';

const NAME = 'get_lineage';
/** The same node budget as `GET /api/v2/lineage`. */
const MAX_NODES = 2_000;
/** Edges listed per node; the rest are counted. */
const EDGES_PER_NODE = 8;

const inputSchema = {
  node: nodeIdInput,
  direction: z
    .enum(['upstream', 'downstream', 'both'])
    .default('both')
    .describe('upstream: what it is built from; downstream: what is built from it.'),
  level: z
    .enum(['dataset', 'column'])
    .default('dataset')
    .describe('dataset: datasets and jobs; column: column-to-column lineage (a dataset stands for its columns).'),
  depth: z.number().int().min(1).max(50).default(3).describe('How many edges to follow from the node.'),
  asOf: asOfInput,
  cursor: cursorInput,
};

const lineageNodeOutput = z.object({
  id: z.string(),
  kind: z.string(),
  depth: z.number().int(),
  subtype: z.string().optional(),
  pii: z.string().optional(),
  edges: z.array(edgeBriefOutput),
  moreEdges: z.number().int().optional(),
});

interface LineageNode {
  id: string;
  kind: string;
  depth: number;
  subtype?: string;
  pii?: string;
  /** The edges that reach this node from nodes nearer the start. */
  edges: ReturnType<typeof briefEdge>[];
  moreEdges?: number;
}

/** `get_lineage`: the nodes and edges around a node, nearest first, paginated within the budget. */
export function registerGetLineageTool(server: McpServer, { store, budget }: ToolContext): void {
  server.registerTool(
    NAME,
    {
      title: 'Get lineage',
      description:
        'Walk the lineage graph from a node, upstream and/or downstream, at dataset or column level, up to a depth, ' +
        'optionally as of a past time. Nodes come nearest first, each with the edges that reach it (column ids stay ' +
        'column ids, with their transformations); counts summarise the whole walk and a cursor pages through it.',
      inputSchema,
      outputSchema: {
        start: z.string(),
        direction: z.string(),
        level: z.string(),
        depth: z.number().int(),
        asOf: z.string().nullable(),
        partial: z.boolean(),
        counts: z.object({ byKind: z.record(z.string(), z.number()), byDepth: z.record(z.string(), z.number()) }),
        nodes: z.array(lineageNodeOutput),
        page: pageOutput,
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      answerWith(async () => {
        const paging = startPaging(NAME, args, budget);
        const { id } = readNodeId(args.node, 'node');
        const asOf = readTime(args.asOf, 'asOf');
        const root = await findNodeOrSuggest(store, id, asOf);
        const start = [root.id];
        if (args.level === 'column' && root.kind === 'dataset') {
          for (const field of await store.listFields(root.id, asOf ? { asOf } : {})) start.push(field.id);
        }
        const walk = await store.traverse({
          start,
          direction: args.direction,
          depth: args.depth,
          level: args.level,
          maxNodes: MAX_NODES,
          ...(asOf ? { asOf } : {}),
        });
        const reached = walk.nodes.filter((entry) => !start.includes(entry.node.id)).sort(nearestFirst);
        const depthOf = new Map(walk.nodes.map((entry) => [entry.node.id, entry.depth]));
        for (const id of start) depthOf.set(id, 0);
        const items = reached.map((entry) => lineageNode(entry, walk.edges, depthOf));
        const base = {
          start: root.id,
          direction: args.direction,
          level: args.level,
          depth: args.depth,
          asOf: asOf ?? null,
          partial: walk.partial,
          counts: {
            byKind: countBy(reached, (entry) => entry.node.kind),
            byDepth: countBy(reached, (entry) => String(entry.depth)),
          },
        };
        const first = paging.fit(base, 'nodes', items);
        await markPagePii(store, first.items, asOf);
        // PII marks make the page a little longer: fit the marked page again so it stays in budget.
        const fitted = paging.fit(base, 'nodes', first.items, { total: items.length, sliced: true });
        return toolResult(fitted.answer, summarize(base, reached, fitted.page));
      }),
  );
}

function nearestFirst(a: TraversedNode, b: TraversedNode): number {
  return a.depth - b.depth || a.node.id.localeCompare(b.node.id);
}

function lineageNode(entry: TraversedNode, edges: readonly GraphEdge[], depthOf: Map<string, number>): LineageNode {
  const { node, depth } = entry;
  const linking = edges.filter((edge) => {
    const other = edge.source === node.id ? edge.target : edge.target === node.id ? edge.source : null;
    return other !== null && (depthOf.get(other) ?? Number.POSITIVE_INFINITY) < depth;
  });
  const capped = capList(linking, EDGES_PER_NODE);
  const item: LineageNode = { id: node.id, kind: node.kind, depth, edges: capped.items.map(briefEdge) };
  if (node.subtype) item.subtype = node.subtype;
  if (capped.more) item.moreEdges = capped.more;
  return item;
}

/** PII marks for the returned page only: marking the whole walk would cost more than the page is worth. */
async function markPagePii(store: Store, items: LineageNode[], asOf: string | undefined): Promise<void> {
  if (items.length === 0) return;
  const nodes = await store.getNodes(items.map((item) => item.id));
  const marks = await markPii(store, nodes, asOf);
  for (const item of items) {
    const pii = marks.get(item.id)?.pii;
    if (pii) item.pii = pii;
  }
}

function summarize(
  base: { start: string; direction: string; level: string; depth: number; asOf: string | null; partial: boolean },
  reached: readonly TraversedNode[],
  page: PageInfo,
): string {
  const where = base.direction === 'both' ? 'upstream and downstream of' : `${base.direction} of`;
  const when = base.asOf ? ` as of ${base.asOf}` : '';
  const nearest = reached.slice(0, 3).map((entry) => entry.node.id);
  const head =
    reached.length === 0
      ? `Nothing is recorded ${where} ${base.start} at ${base.level} level within depth ${base.depth}${when}.`
      : `${describeCounts(countBy(reached, (entry) => entry.node.kind))} ${where} ${base.start} at ${base.level} level ` +
        `within depth ${base.depth}${when}; nearest: ${nearest.join(', ')}.`;
  const partial = base.partial
    ? ' The walk stopped at its depth or node bound: more lineage exists beyond the farthest nodes (raise depth, or walk on from them).'
    : '';
  return `${head}${partial} ${describePage(page, 'nodes')}`.trim();
}
