import type { NodeKind } from '../../graph/lineage-types.js';

export type NodeTab = 'lineage' | 'schema' | 'versions' | 'runs' | 'quality' | 'model';

const LABELS: Record<NodeTab, string> = {
  lineage: 'Lineage',
  schema: 'Schema',
  versions: 'Versions',
  runs: 'Runs',
  quality: 'Quality',
  model: 'Model',
};

/** The tabs a node page offers for its kind. */
export function tabsFor(kind: NodeKind | null): { key: NodeTab; label: string }[] {
  const keys: NodeTab[] =
    kind === 'dataset'
      ? ['lineage', 'schema', 'versions', 'runs', 'quality']
      : kind === 'job'
        ? ['lineage', 'versions', 'runs']
        : kind === 'model' || kind === 'modelVersion' || kind === 'deployment'
          ? ['lineage', 'model']
          : ['lineage'];
  return keys.map((key) => ({ key, label: key === 'model' && kind === 'deployment' ? 'Serving' : LABELS[key] }));
}
