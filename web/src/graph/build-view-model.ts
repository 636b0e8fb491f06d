import type {
  Card,
  CardColumn,
  CardEdge,
  EdgeStyle,
  GraphEdge,
  GraphNode,
  LineageGraph,
  LineageNode,
  ViewModel,
} from './lineage-types.js';
import { nodeBadges } from './node-badges.js';
import { fieldNameOf, parentDatasetId, splitId } from './node-ids.js';

/** DIRECT when any transformation is DIRECT (or none is stated), INDIRECT when all are indirect. */
export function edgeStyleOf(edge: Pick<GraphEdge, 'kind' | 'transformations'>): EdgeStyle {
  if (edge.kind !== 'DERIVES' && !(edge.kind === 'TRAINED_ON' && edge.transformations.length > 0)) {
    return edge.kind === 'TRAINED_ON' ? 'direct' : 'flow';
  }
  if (edge.transformations.length === 0) return 'direct';
  return edge.transformations.some((t) => t.type === 'DIRECT') ? 'direct' : 'indirect';
}

function columnOf(node: GraphNode): CardColumn {
  const name = typeof node.attributes.field === 'string' ? node.attributes.field : fieldNameOf(node.id);
  const type = typeof node.attributes.type === 'string' ? node.attributes.type : null;
  return { id: node.id, name, type, badges: nodeBadges(node) };
}

function cardOf(node: LineageNode): Card {
  return {
    id: node.id,
    kind: node.kind,
    subtype: node.subtype,
    namespace: node.namespace,
    name: node.name,
    node,
    depth: node.depth,
    columns: [],
    badges: nodeBadges(node),
  };
}

function syntheticDatasetCard(id: string, depth: number): Card {
  const { namespace, name } = splitId(id);
  return { id, kind: 'dataset', subtype: null, namespace, name, node: null, depth, columns: [], badges: [] };
}

function ordinal(column: CardColumn, fields: Map<string, GraphNode>): number {
  const value = fields.get(column.id)?.attributes.ordinal;
  return typeof value === 'number' ? value : Number.MAX_SAFE_INTEGER;
}

/**
 * Turns a lineage answer into cards and arrows. Columns fold into their dataset's card (a card is
 * made up for a dataset that only appears through its columns); an edge that starts or ends at a
 * column becomes an arrow between the two cards anchored to that column, so the column-level
 * graph reads as dataset cards with column rows.
 */
export function buildViewModel(graph: LineageGraph): ViewModel {
  const cards = new Map<string, Card>();
  const fields = new Map<string, GraphNode>();
  for (const node of graph.nodes) {
    if (node.kind === 'datasetField') fields.set(node.id, node);
    else if (node.kind !== 'run' && node.kind !== 'assertion') cards.set(node.id, cardOf(node));
  }
  for (const node of graph.nodes) {
    if (node.kind !== 'datasetField') continue;
    const parent = parentDatasetId(node.id);
    let card = cards.get(parent);
    if (!card) {
      card = syntheticDatasetCard(parent, node.depth);
      cards.set(parent, card);
    }
    card.depth = Math.min(card.depth, node.depth);
    card.columns.push(columnOf(node));
  }
  for (const card of cards.values()) {
    card.columns.sort((a, b) => ordinal(a, fields) - ordinal(b, fields) || a.name.localeCompare(b.name));
  }
  const anchor = (id: string): { card: string; column: string | null } | null => {
    if (fields.has(id)) return { card: parentDatasetId(id), column: id };
    return cards.has(id) ? { card: id, column: null } : null;
  };
  const edges: CardEdge[] = [];
  const seen = new Set<string>();
  for (const edge of graph.edges) {
    const from = anchor(edge.source);
    const to = anchor(edge.target);
    if (!from || !to || from.card === to.card) continue;
    const id = `${edge.kind}|${edge.source}|${edge.target}`;
    if (seen.has(id)) continue;
    seen.add(id);
    edges.push({
      id,
      source: from.card,
      target: to.card,
      sourceColumn: from.column,
      targetColumn: to.column,
      kind: edge.kind,
      style: edgeStyleOf(edge),
      detail: edge.transformations.map((t) => t.subtype ?? t.type).join(', '),
    });
  }
  return { cards, edges, partial: graph.partial };
}

/** The card that stands for a node id: a column's dataset, or the node itself. */
export function cardIdFor(id: string): string {
  return id.startsWith('datasetField:') ? parentDatasetId(id) : id;
}
