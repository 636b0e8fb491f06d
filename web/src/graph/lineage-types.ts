import type { EdgeKind, GraphEdge, GraphNode, Transformation } from '../../../src/model/graph.js';
import type { NodeKind } from '../../../src/model/node-id.js';

/** A node as `/api/v2/lineage` returns it: the graph node plus its distance from the start. */
export type LineageNode = GraphNode & { depth: number };

/** The body of `/api/v2/lineage`. `partial` is true when a depth or node bound cut the walk. */
export interface LineageGraph {
  nodes: LineageNode[];
  edges: GraphEdge[];
  partial: boolean;
}

export type Level = 'dataset' | 'column';
export type Direction = 'upstream' | 'downstream' | 'both';

export type BadgeKind = 'failing' | 'pii' | 'live';

export interface Badge {
  kind: BadgeKind;
  label: string;
  title: string;
}

/** A column listed on a dataset card at column level. */
export interface CardColumn {
  id: string;
  name: string;
  type: string | null;
  badges: Badge[];
}

/** One box on the canvas: a dataset, job, model, model version or deployment. */
export interface Card {
  id: string;
  kind: NodeKind;
  subtype: string | null;
  namespace: string;
  name: string;
  /** The node as the server sent it; null for a dataset known only through its columns. */
  node: GraphNode | null;
  depth: number;
  columns: CardColumn[];
  badges: Badge[];
}

export type EdgeStyle = 'flow' | 'direct' | 'indirect';

/** An arrow between two cards, optionally anchored to a column on either end. */
export interface CardEdge {
  id: string;
  source: string;
  target: string;
  sourceColumn: string | null;
  targetColumn: string | null;
  kind: EdgeKind;
  style: EdgeStyle;
  /** Transformation subtypes for the tooltip (IDENTITY, JOIN...). */
  detail: string;
}

export interface ViewModel {
  cards: Map<string, Card>;
  edges: CardEdge[];
  partial: boolean;
}

export type { EdgeKind, GraphEdge, GraphNode, NodeKind, Transformation };
