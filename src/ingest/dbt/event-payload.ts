import { canonicalJson, sha256 } from '../../model/canonical-json.js';
import type { DbtArtifacts } from './parse-artifacts.js';

export const PAYLOAD_FORMAT = 'rootline.dbt/1';
export const DIGEST_FORMAT = 'rootline.dbt-digest/1';

/** Above this size (canonical JSON, in characters) the event log keeps a digest, not the artifacts. */
export const MAX_FULL_PAYLOAD = 4_000_000;

/**
 * The event-log record of one dbt ingestion. Up to {@link MAX_FULL_PAYLOAD} it holds the parts
 * of the artifacts Rootline reads (enough to rebuild the mutation); above, where every CI run
 * would append megabytes, it holds the SHA-256 of exactly that record plus what identifies the
 * invocation, so the artifacts kept by CI can still be proven to be the ones ingested. Both forms
 * are deterministic: the same artifacts give the same record, which the store sees as a duplicate.
 */
export function dbtEventPayload(
  artifacts: DbtArtifacts,
  namespaces: { namespace: string; jobNamespace: string },
  maxFull = MAX_FULL_PAYLOAD,
): Record<string, unknown> {
  const full = {
    format: PAYLOAD_FORMAT,
    ...namespaces,
    manifest: artifacts.manifest,
    catalog: artifacts.catalog,
    runResults: artifacts.runResults,
  };
  const text = canonicalJson(full);
  if (text.length <= maxFull) return full;
  const { manifest, catalog, runResults } = artifacts;
  return {
    format: DIGEST_FORMAT,
    ...namespaces,
    sha256: sha256(text),
    bytes: text.length,
    manifest: {
      ...manifest.metadata,
      version: artifacts.versions.manifest,
      nodes: Object.keys(manifest.nodes).length,
      sources: Object.keys(manifest.sources).length,
      exposures: Object.keys(manifest.exposures).length,
      sha256: sha256(canonicalJson(manifest)),
    },
    catalog: catalog
      ? { ...catalog.metadata, nodes: Object.keys(catalog.nodes).length, sha256: sha256(canonicalJson(catalog)) }
      : null,
    runResults: runResults
      ? { ...runResults.metadata, results: runResults.results.length, sha256: sha256(canonicalJson(runResults)) }
      : null,
  };
}
