import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { diffGraph, type GraphDiff, type NodeChange } from '../../analysis/diff.js';
import { InputError } from '../../model/errors.js';
import { capList, describePage, pageOutput, startPaging } from '../budget.js';
import { briefEdge } from '../compact.js';
import { cursorInput, readTimeOrAgo } from '../inputs.js';
import type { ToolContext } from '../tool-context.js';
import { answerWith, toolResult } from '../tool-result.js';

const NAME = 'lineage_diff';

const inputSchema = {
  from: z.string().max(64).describe('Start: an ISO-8601 time or a window back from now such as 7d, 24h.'),
  to: z.string().max(64).optional().describe('End (ISO-8601 or a window back from now); now when omitted.'),
  cursor: cursorInput,
};

const changeOutput = z.object({
  change: z.string(),
  id: z.string().optional(),
  kind: z.string(),
  at: z.string().optional(),
  source: z.string().optional(),
  target: z.string().optional(),
  via: z.string().optional(),
  transformations: z.array(z.string()).optional(),
  schema: z
    .object({ added: z.array(z.string()), removed: z.array(z.string()), retyped: z.array(z.string()) })
    .optional(),
});

type ChangeEntry = z.infer<typeof changeOutput>;

/** `lineage_diff`: what changed in the graph between two times. */
export function registerLineageDiffTool(server: McpServer, { store, budget }: ToolContext): void {
  server.registerTool(
    NAME,
    {
      title: 'Lineage diff',
      description:
        'Nodes and edges added, removed or changed between two times, with the schema difference (added, removed, ' +
        'retyped columns) of datasets that changed. Edges opened and closed inside the window are left out. ' +
        'Node changes come first, then edge changes.',
      inputSchema,
      outputSchema: {
        from: z.string(),
        to: z.string(),
        counts: z.record(z.string(), z.number()),
        partial: z.boolean(),
        changes: z.array(changeOutput),
        page: pageOutput,
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      answerWith(async () => {
        const paging = startPaging(NAME, args, budget);
        const from = readTimeOrAgo(args.from, 'from');
        const to = args.to === undefined ? new Date().toISOString() : readTimeOrAgo(args.to, 'to');
        if (from > to) throw new InputError(`'from' (${from}) is after 'to' (${to}); swap them`, { path: 'from' });
        const diff = await diffGraph(store, { from, to });
        const changes = flattenDiff(diff);
        const counts = {
          nodesAdded: diff.nodes.added.length,
          nodesRemoved: diff.nodes.removed.length,
          nodesChanged: diff.nodes.changed.length,
          edgesAdded: diff.edges.added.length,
          edgesRemoved: diff.edges.removed.length,
          edgesChanged: diff.edges.changed.length,
        };
        const base = { from, to, counts, partial: diff.partial };
        const { answer, page } = paging.fit(base, 'changes', changes);
        const schemaChanges = changes.filter((change) => change.schema).length;
        const folded = diff.nodes.added.length + diff.nodes.removed.length - changes.filter(isNodeListed).length;
        const summary =
          changes.length === 0
            ? `Nothing in the lineage graph changed between ${from} and ${to}.`
            : `Between ${from} and ${to}: ${counts.nodesAdded} node(s) added, ${counts.nodesRemoved} removed, ` +
              `${counts.nodesChanged} changed (${schemaChanges} with schema changes); ${counts.edgesAdded} edge(s) ` +
              `added, ${counts.edgesRemoved} removed, ${counts.edgesChanged} changed.` +
              (diff.partial ? ' More changed than could be read: the lists are incomplete.' : '') +
              (folded ? ` The ${folded} column(s) of added datasets are listed in their dataset's schema.` : '') +
              ` ${describePage(page, 'changes')}`;
        return toolResult(answer, summary.trim());
      }),
  );
}

function isNodeListed(entry: ChangeEntry): boolean {
  return entry.change === 'node_added' || entry.change === 'node_removed';
}

function nodeEntry(change: string, node: NodeChange): ChangeEntry {
  const entry: ChangeEntry = { change, id: node.id, kind: node.kind, at: node.at };
  if (node.schema) {
    entry.schema = {
      added: capList(node.schema.added, 20).items,
      removed: capList(node.schema.removed, 20).items,
      retyped: capList(
        node.schema.typeChanged.map((t) => `${t.field}: ${t.from ?? '?'} -> ${t.to ?? '?'}`),
        20,
      ).items,
    };
  }
  return entry;
}

function edgeEntry(change: string, edge: GraphDiff['edges']['added'][number]): ChangeEntry {
  const { kind, ...rest } = briefEdge(edge);
  return { change, kind, ...rest, at: change === 'edge_removed' ? (edge.validTo ?? edge.validFrom) : edge.validFrom };
}

/**
 * Schema changes first (the usual reason to ask), then the other node changes, then edges. The
 * columns of a dataset added or removed in the window are folded into that dataset's entry (its
 * schema lists them) rather than listed one by one.
 */
function flattenDiff(diff: GraphDiff): ChangeEntry[] {
  const changed = [...diff.nodes.changed].sort((a, b) => Number(Boolean(b.schema)) - Number(Boolean(a.schema)));
  return [
    ...changed.map((node) => nodeEntry('node_changed', node)),
    ...withoutFoldedColumns(diff.nodes.removed).map((node) => nodeEntry('node_removed', node)),
    ...withoutFoldedColumns(diff.nodes.added).map((node) => nodeEntry('node_added', node)),
    ...diff.edges.removed.map((edge) => edgeEntry('edge_removed', edge)),
    ...diff.edges.added.map((edge) => edgeEntry('edge_added', edge)),
    ...diff.edges.changed.map(({ after }) => edgeEntry('edge_changed', after)),
  ];
}

/** Drops column entries whose dataset is in the same list with a schema that names them. */
function withoutFoldedColumns(nodes: readonly NodeChange[]): NodeChange[] {
  const datasets = new Set(nodes.filter((node) => node.kind === 'dataset' && node.schema).map((node) => node.id));
  return nodes.filter(
    (node) => node.kind !== 'datasetField' || !datasets.has(`dataset:${node.namespace}:${node.name}`),
  );
}
