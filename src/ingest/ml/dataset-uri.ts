import { datasetId } from '../../model/node-id.js';

const OBJECT_STORES = new Set(['s3', 's3a', 's3n', 'gs', 'gcs', 'abfs', 'abfss', 'wasb', 'wasbs']);

/**
 * Maps a storage location to a dataset id following the OpenLineage naming conventions:
 * object stores `s3://bucket/key` -> `dataset:s3://bucket:key`; other URLs `scheme://host/path`
 * -> `dataset:scheme://host:/path`; `file:` URLs and bare paths -> `dataset:file:/path`;
 * `dbfs:/path` -> `dataset:dbfs:/path`.
 */
export function datasetIdFromUri(uri: string): string {
  const url = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/]*)(\/.*)?$/.exec(uri.trim());
  if (url?.[1] && url[2] !== undefined) {
    const scheme = url[1].toLowerCase();
    const path = url[3] ?? '/';
    if (scheme === 'file') return datasetId('file', path);
    if (OBJECT_STORES.has(scheme)) return datasetId(`${scheme}://${url[2]}`, path.replace(/^\/+/, '') || '/');
    return datasetId(`${scheme}://${url[2]}`, path);
  }
  const opaque = /^([A-Za-z][A-Za-z0-9+.-]*):(\/.*)$/.exec(uri.trim());
  if (opaque?.[1] && opaque[2] && opaque[1].length > 1) return datasetId(opaque[1].toLowerCase(), opaque[2]);
  return datasetId('file', uri.trim());
}
