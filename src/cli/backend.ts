import type { GraphDiff } from '../analysis/diff.js';
import type { InputIssue } from '../model/errors.js';
import type { GraphEdge, GraphNode, TraversalLevel } from '../model/graph.js';
import type { ChainReport, Direction } from '../store/store.js';

/** One event's fate, as the OpenLineage ingester and `POST /api/v1/lineage` report it. */
export interface IngestOutcome {
  index: number;
  status: 'accepted' | 'duplicate' | 'rejected';
  seq?: number | undefined;
  warnings: InputIssue[];
  errors: InputIssue[];
}

/** Most nodes a lineage walk visits before it stops and says `partial` (the server's default too). */
export const LINEAGE_NODE_BUDGET = 2_000;

export interface LineageQuery {
  node: string;
  direction: Direction;
  depth: number;
  level: TraversalLevel;
  asOf?: string | undefined;
}

/** The answer of `GET /api/v2/lineage`: nodes with their distance from the start, the edges walked. */
export interface LineageGraph {
  nodes: (GraphNode & { depth: number })[];
  edges: GraphEdge[];
  partial: boolean;
}

/**
 * What the CLI needs from Rootline, whether the database is opened in-process or a server is
 * reached over HTTP. Commands depend on this interface only, so every verb works both ways.
 */
export interface CliBackend {
  /** Where the data is (a file, a redacted database URL, a server URL). */
  readonly target: string;
  ingestOpenLineage(events: unknown[], options: { strict: boolean }): Promise<IngestOutcome[]>;
  /** Throws NotFoundError for an unknown node and InputError for a malformed id. */
  lineage(query: LineageQuery): Promise<LineageGraph>;
  /** Nodes and edges added, removed or changed between two ISO times. */
  diff(from: string, to: string): Promise<GraphDiff>;
  verify(): Promise<ChainReport>;
  /** How many records the event log holds (0 on a fresh database). */
  countEvents(): Promise<number>;
  close(): Promise<void>;
}
