import { api } from '../../api/client.js';
import { type AsyncState, useAsync } from '../../app/useAsync.js';

export type NodeDetail = Awaited<ReturnType<typeof api.node>>;

/** The node, its fields and its latest version as of `asOf`. */
export function useNodeDetail(id: string, asOf: string | null): AsyncState<NodeDetail> {
  return useAsync((signal) => api.node(id, asOf, signal), [id, asOf]);
}
