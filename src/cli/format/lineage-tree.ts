import type { GraphEdge, GraphNode } from '../../model/graph.js';
import type { Direction } from '../../store/store.js';
import type { LineageGraph } from '../backend.js';
import type { Style } from './style.js';

interface Child {
  id: string;
  /** null for a dataset's own column listed under it. */
  edge: GraphEdge | null;
}

/**
 * Renders a lineage walk as an indented tree rooted at `rootId`: upstream lists what each node
 * reads or derives from, downstream what reads or derives from it. A node reached twice is
 * printed in full once and referred back to afterwards, so diamonds do not repeat whole subtrees.
 */
export function formatLineageTree(graph: LineageGraph, rootId: string, direction: Direction, style: Style): string {
  const nodes = new Map(graph.nodes.map((node) => [node.id, node]));
  const root = nodes.get(rootId);
  const rootNamespace = root?.namespace ?? '';
  // Jobs usually live in the scheduler's namespace: name it once (on the first job), not on every line.
  const jobNamespace = root?.kind === 'job' ? root.namespace : graph.nodes.find((n) => n.kind === 'job')?.namespace;
  const label = (id: string): string => {
    const node = nodes.get(id);
    return describeNode(
      node,
      id,
      node?.kind === 'job' && id !== firstJob ? (jobNamespace ?? '') : rootNamespace,
      style,
    );
  };
  const firstJob =
    root?.kind === 'job'
      ? undefined
      : graph.edges
          .map((e) => (direction === 'downstream' ? e.target : e.source))
          .find((id) => nodes.get(id)?.kind === 'job');
  const lines = [`${style.bold(label(rootId))}${root ? style.dim(`  ${root.kind} · ${root.namespace}`) : ''}`];

  // At column level a dataset stands for its fields: they are the walk's starting points.
  const starts =
    root?.kind === 'dataset'
      ? graph.nodes.filter((node) => node.depth === 0 && node.kind === 'datasetField').map((node) => node.id)
      : [];

  const sections: ('upstream' | 'downstream')[] = direction === 'both' ? ['upstream', 'downstream'] : [direction];
  for (const section of sections) {
    const childrenOf = buildChildren(graph.edges, section);
    const printed = new Set<string>([rootId, ...starts]);
    const walk = (children: readonly Child[], prefix: string): void => {
      children.forEach((child, i) => {
        const last = i === children.length - 1;
        const seen = child.edge !== null && printed.has(child.id);
        const note = seen ? style.dim('  (shown above)') : '';
        const edge = child.edge ? describeEdge(child.edge, style) : '';
        lines.push(`${prefix}${last ? '└── ' : '├── '}${label(child.id)}${edge}${note}`);
        if (seen) return;
        printed.add(child.id);
        walk(childrenOf.get(child.id) ?? [], `${prefix}${last ? '    ' : '│   '}`);
      });
    };
    if (direction === 'both') lines.push(style.dim(section === 'upstream' ? '▲ upstream' : '▼ downstream'));
    // A column that has no lineage in this direction is left out rather than listed bare.
    const fields = starts
      .filter((id) => (childrenOf.get(id) ?? []).length > 0)
      .sort()
      .map((id) => ({ id, edge: null }));
    const top = [...(childrenOf.get(rootId) ?? []), ...fields];
    if (top.length === 0) lines.push(style.dim(`    (nothing ${section})`));
    walk(top, '');
  }
  return lines.join('\n');
}

function buildChildren(edges: readonly GraphEdge[], direction: 'upstream' | 'downstream'): Map<string, Child[]> {
  const children = new Map<string, Child[]>();
  for (const edge of edges) {
    const from = direction === 'upstream' ? edge.target : edge.source;
    const to = direction === 'upstream' ? edge.source : edge.target;
    const list = children.get(from) ?? [];
    if (!list.some((child) => child.id === to)) list.push({ id: to, edge });
    children.set(from, list);
  }
  for (const list of children.values()) list.sort((a, b) => a.id.localeCompare(b.id));
  return children;
}

/**
 * A node's short name: a dataset or job name, `table.column` for a field, `name v3` for a model
 * version; its namespace follows when it differs from `usualNamespace`.
 */
export function describeNode(node: GraphNode | undefined, id: string, usualNamespace: string, style: Style): string {
  if (!node) return id;
  const field = typeof node.attributes.field === 'string' ? node.attributes.field : id.slice(id.lastIndexOf(':') + 1);
  const version = typeof node.attributes.version === 'string' ? node.attributes.version : undefined;
  let text: string;
  switch (node.kind) {
    case 'datasetField':
      text = `${node.name}.${field}`;
      break;
    case 'job':
      text = `${style.cyan('⚙')} ${node.name}`;
      break;
    case 'modelVersion':
      text = `${node.name} v${version ?? id.slice(id.lastIndexOf(':') + 1)}`;
      break;
    default:
      text = node.name;
  }
  const kind = node.kind === 'dataset' || node.kind === 'datasetField' || node.kind === 'job' ? '' : ` ${node.kind}`;
  const namespace = node.namespace !== usualNamespace ? ` (${node.namespace})` : '';
  const dropped = node.deletedAt ? style.red(' dropped') : '';
  return `${text}${style.dim(`${kind}${namespace}`)}${dropped}`;
}

function describeEdge(edge: GraphEdge, style: Style): string {
  if (edge.kind !== 'DERIVES' || edge.transformations.length === 0) {
    return edge.kind === 'TRAINED_ON' || edge.kind === 'SERVES' ? style.dim(`  ${edge.kind}`) : '';
  }
  const parts = edge.transformations.map((t) => {
    const text = t.subtype ? `${t.type} ${t.subtype}` : t.type;
    return t.masking ? `${text} ${style.yellow('masked')}` : text;
  });
  return style.dim(`  ← ${[...new Set(parts)].join(', ')}`);
}
