import { emptyMutation, type Mutation } from '../../model/mutation.js';
import type { BatchIngestResult, BatchItem, EventInput, IngestResult, Store, StoredEvent } from '../../store/store.js';
import { annotateNode, annotationSchema } from '../annotate/annotate-node.js';
import { PAYLOAD_FORMAT } from '../dbt/event-payload.js';
import { ingestDbt } from '../dbt/ingest-dbt.js';
import { applyManifest } from '../ml/apply-manifest.js';
import { ingestOpenLineage } from '../openlineage/ingest-openlineage.js';

/** Sources whose records carry no graph change of their own (the store replays admin and retention effects). */
const NO_MUTATION = new Set(['admin', 'audit', 'retention', 'import']);

export interface Replay {
  mutation: Mutation;
  /** False when the record could not be replayed (pruned payload, a digest-only dbt record, MLflow or Feast snapshots). */
  replayed: boolean;
}

/**
 * Re-derives the graph change of an exported record by running its payload through the ingest
 * path of its source, against `store` as it stands (every earlier record already imported), with
 * the record's own time where the path would take the clock. Nothing is written: the store the
 * ingest path sees captures the mutation it hands over.
 */
export async function replayRecord(store: Store, record: StoredEvent): Promise<Replay> {
  if (NO_MUTATION.has(record.source)) return { mutation: emptyMutation(), replayed: true };
  if (record.prunedBy !== undefined || record.payload === null) return { mutation: emptyMutation(), replayed: false };
  const captured: Mutation[] = [];
  const capture = capturingStore(store, captured);
  const payload = record.payload;
  const get = (key: string): unknown =>
    payload !== null && typeof payload === 'object' ? Reflect.get(payload, key) : undefined;
  switch (record.source) {
    case 'openlineage':
      await ingestOpenLineage(capture, [payload], { strict: false, actor: record.actor });
      break;
    case 'apply': {
      const appliedAt = get('appliedAt');
      await applyManifest(capture, get('document'), {
        actor: record.actor,
        ...(typeof appliedAt === 'string' ? { now: appliedAt } : {}),
      });
      break;
    }
    case 'annotate': {
      const node = get('node');
      const at = get('at');
      const annotation = annotationSchema.safeParse(get('annotation'));
      if (typeof node !== 'string' || !annotation.success) return { mutation: emptyMutation(), replayed: false };
      await annotateNode(capture, node, annotation.data, record.actor, typeof at === 'string' ? at : record.receivedAt);
      break;
    }
    case 'dbt': {
      if (get('format') !== PAYLOAD_FORMAT) return { mutation: emptyMutation(), replayed: false };
      const namespace = get('namespace');
      const jobNamespace = get('jobNamespace');
      await ingestDbt(
        capture,
        { manifest: get('manifest'), catalog: get('catalog'), runResults: get('runResults') },
        {
          actor: record.actor,
          ...(typeof namespace === 'string' ? { namespace } : {}),
          ...(typeof jobNamespace === 'string' ? { jobNamespace } : {}),
        },
      );
      break;
    }
    default:
      return { mutation: emptyMutation(), replayed: false };
  }
  const [mutation] = captured;
  return mutation ? { mutation, replayed: true } : { mutation: emptyMutation(), replayed: false };
}

/** `store` for reads; its writes only record the mutation they were handed. */
function capturingStore(store: Store, captured: Mutation[]): Store {
  const accepted: IngestResult = { status: 'accepted', seq: 0, hash: '' };
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'ingest') {
        return async (_event: EventInput, mutation: Mutation): Promise<IngestResult> => {
          captured.push(mutation);
          return accepted;
        };
      }
      if (property === 'ingestBatch') {
        return async (items: readonly BatchItem[]): Promise<BatchIngestResult[]> =>
          items.map((item) => {
            captured.push(item.mutation);
            return accepted;
          });
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
