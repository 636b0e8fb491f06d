import { formatHash } from '../../app/url-state.js';
import { parentDatasetId } from '../../graph/node-ids.js';

/** Where a search hit leads: its node page, or for a column its dataset's column lineage with the column lit. */
export function nodeHref(node: { id: string; kind: string }): string {
  if (node.kind === 'datasetField') {
    return formatHash('/node', { id: parentDatasetId(node.id), tab: 'lineage', level: 'column', col: node.id });
  }
  return formatHash('/node', { id: node.id });
}
