import { InputError, type InputIssue } from '../../model/errors.js';
import type { EdgeInput, Transformation } from '../../model/graph.js';
import { emptyMutation, type Mutation, type NodeUpsert } from '../../model/mutation.js';
import { type NodeRef, parseNodeId } from '../../model/node-id.js';
import { parseTime } from '../../model/time.js';
import type { Store } from '../../store/store.js';

/** Shared state while turning one manifest into one mutation: collected issues, the mutation, nodes to ensure. */
export interface PlanContext {
  readonly store: Store;
  /** The time of the apply, canonical ISO. */
  readonly now: string;
  readonly issues: InputIssue[];
  readonly mutation: Mutation;
  /** Nodes referenced but maybe not yet known (source columns, label columns): created when absent. */
  readonly referenced: Map<string, string>;
  /** Canonical ids of dataset aliases, resolved once per apply. */
  readonly aliases: Map<string, string>;
}

export function createPlanContext(store: Store, now: string): PlanContext {
  return { store, now, issues: [], mutation: emptyMutation(), referenced: new Map(), aliases: new Map() };
}

export function addIssue(ctx: PlanContext, path: string, message: string): void {
  ctx.issues.push({ path, message });
}

/** Parses a time, recording an issue and returning null when it is not ISO-8601. */
export function readTime(ctx: PlanContext, text: string, path: string): string | null {
  try {
    return parseTime(text, path);
  } catch (error) {
    addIssue(ctx, path, (error as Error).message);
    return null;
  }
}

/** Parses a node id of an expected kind, recording an issue when it is malformed or of another kind. */
export function readNodeId<K extends NodeRef['kind']>(
  ctx: PlanContext,
  id: string,
  kind: K,
  path: string,
): Extract<NodeRef, { kind: K }> | null {
  let ref: NodeRef;
  try {
    ref = parseNodeId(id);
  } catch (error) {
    addIssue(ctx, path, (error as Error).message);
    return null;
  }
  if (ref.kind !== kind) {
    addIssue(ctx, path, `expected a ${kind} id, got '${id}'`);
    return null;
  }
  return ref as Extract<NodeRef, { kind: K }>;
}

/** Parses a node id, or null when it is malformed (the caller reports it elsewhere with its path). */
export function safeParseNodeId(id: string): NodeRef | null {
  try {
    return parseNodeId(id);
  } catch (error) {
    if (error instanceof InputError) return null;
    throw error;
  }
}

/** Resolves a dataset or field id through recorded dataset aliases. */
export function canonicalId(ctx: PlanContext, id: string): string {
  const ref = parseNodeId(id);
  if (ref.kind === 'dataset') return ctx.aliases.get(id) ?? id;
  if (ref.kind === 'datasetField') {
    const dataset = `dataset:${ref.namespace}:${ref.name}`;
    const canonical = ctx.aliases.get(dataset);
    if (canonical) return `datasetField:${canonical.slice('dataset:'.length)}:${ref.field}`;
  }
  return id;
}

/** Notes that a node must exist (a source column, say); it is created at `at` unless already known. */
export function reference(ctx: PlanContext, id: string, at: string): void {
  const previous = ctx.referenced.get(id);
  if (previous === undefined || at < previous) ctx.referenced.set(id, at);
}

export function upsertNode(ctx: PlanContext, node: NodeUpsert): void {
  ctx.mutation.nodes.push(node);
}

export const IDENTITY: Transformation[] = [{ type: 'DIRECT', subtype: 'IDENTITY' }];

export function derivesEdge(source: string, target: string, via: string): EdgeInput {
  return { kind: 'DERIVES', source, target, origin: 'ml', via, transformations: IDENTITY, attributes: {} };
}

export function jobEdges(job: string, inputs: readonly string[], outputs: readonly string[]): EdgeInput[] {
  const base = { origin: 'ml' as const, via: null, transformations: [], attributes: {} };
  return [
    ...[...new Set(inputs)].map((source) => ({ ...base, kind: 'INPUT' as const, source, target: job })),
    ...[...new Set(outputs)].map((target) => ({ ...base, kind: 'OUTPUT' as const, source: job, target })),
  ];
}
