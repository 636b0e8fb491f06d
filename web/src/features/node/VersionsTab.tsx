import { Empty } from '../../components/StateView.js';
import type { NodeKind } from '../../graph/lineage-types.js';
import { DatasetVersions } from './DatasetVersions.js';
import { JobVersions } from './JobVersions.js';

/** Version history: schemas for datasets, inputs, outputs and SQL for jobs. */
export function VersionsTab({ id, kind }: { id: string; kind: NodeKind | null }) {
  if (kind === 'dataset') return <DatasetVersions id={id} />;
  if (kind === 'job') return <JobVersions id={id} />;
  return <Empty title="No versions">Only datasets and jobs keep a version history.</Empty>;
}
