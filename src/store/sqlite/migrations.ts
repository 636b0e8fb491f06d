import { activeTablesSql } from '../sql-active-store.js';
import type { Migration } from '../sql-driver.js';
import { SQLITE_PREDICTIONS_DROP_HASH_SQL, SQLITE_PREDICTIONS_SQL } from './sqlite-prediction-log.js';

/**
 * SQLite schema, one numbered migration per change, applied in order at open. Modules that need
 * their own tables (prediction log, tokens) append entries with the next free version number.
 * The PostgreSQL list in `../postgres/migrations.ts` mirrors this one version for version.
 */
export const sqliteMigrations: Migration[] = [
  {
    version: 1,
    name: 'event log, graph, versions, runs, assertions',
    sql: `
CREATE TABLE events (
  seq INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  actor TEXT,
  event_time TEXT,
  received_at TEXT NOT NULL,
  payload TEXT NOT NULL,
  payload_hash TEXT NOT NULL UNIQUE,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX events_received_at ON events (received_at);

CREATE TABLE nodes (
  nid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  namespace TEXT NOT NULL,
  name TEXT NOT NULL,
  parent_id TEXT,
  subtype TEXT,
  description TEXT,
  owners TEXT NOT NULL,
  tags TEXT NOT NULL,
  facets TEXT NOT NULL,
  attributes TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  deleted_at TEXT
);
CREATE INDEX nodes_kind_namespace ON nodes (kind, namespace);
CREATE INDEX nodes_parent ON nodes (parent_id);
CREATE INDEX nodes_updated_at ON nodes (updated_at);

CREATE TABLE aliases (
  alias TEXT PRIMARY KEY,
  canonical TEXT NOT NULL
);

CREATE TABLE edges (
  eid INTEGER PRIMARY KEY,
  scope TEXT NOT NULL,
  kind TEXT NOT NULL,
  src INTEGER NOT NULL REFERENCES nodes (nid),
  dst INTEGER NOT NULL REFERENCES nodes (nid),
  via TEXT,
  origin TEXT NOT NULL,
  transformations TEXT NOT NULL,
  attributes TEXT NOT NULL,
  valid_from TEXT NOT NULL,
  valid_to TEXT,
  kind_code INTEGER NOT NULL,
  level_mask INTEGER NOT NULL,
  tmask INTEGER NOT NULL,
  from_ms REAL NOT NULL,
  to_ms REAL,
  change_seq INTEGER NOT NULL
);
CREATE INDEX edges_scope ON edges (scope, valid_to);
CREATE INDEX edges_src ON edges (src);
CREATE INDEX edges_dst ON edges (dst);
CREATE INDEX edges_valid_from ON edges (valid_from);
CREATE INDEX edges_valid_to ON edges (valid_to);

CREATE TABLE edge_scopes (
  scope TEXT PRIMARY KEY,
  last_replace_at TEXT,
  last_replace_run TEXT
);

CREATE TABLE dataset_versions (
  vid INTEGER PRIMARY KEY,
  dataset_id TEXT NOT NULL,
  version TEXT NOT NULL,
  created_at TEXT NOT NULL,
  run_id TEXT,
  fields TEXT NOT NULL,
  facets TEXT NOT NULL,
  lifecycle_state TEXT,
  schema_hash TEXT NOT NULL,
  UNIQUE (dataset_id, version)
);
CREATE INDEX dataset_versions_created ON dataset_versions (dataset_id, created_at);

CREATE TABLE job_versions (
  vid INTEGER PRIMARY KEY,
  job_id TEXT NOT NULL,
  version TEXT NOT NULL,
  created_at TEXT NOT NULL,
  inputs TEXT NOT NULL,
  outputs TEXT NOT NULL,
  sql_text TEXT,
  facets TEXT NOT NULL,
  diagnostics TEXT NOT NULL
);
CREATE INDEX job_versions_created ON job_versions (job_id, created_at);
CREATE INDEX job_versions_version ON job_versions (job_id, version);

CREATE TABLE runs (
  run_id TEXT PRIMARY KEY,
  job_id TEXT NOT NULL,
  state TEXT NOT NULL,
  state_time TEXT NOT NULL,
  created_at TEXT NOT NULL,
  started_at TEXT,
  ended_at TEXT,
  nominal_start_time TEXT,
  nominal_end_time TEXT,
  parent_run_id TEXT,
  facets TEXT NOT NULL,
  input_versions TEXT NOT NULL,
  output_versions TEXT NOT NULL,
  job_version TEXT,
  error_message TEXT
);
CREATE INDEX runs_job ON runs (job_id, created_at);
CREATE INDEX runs_created ON runs (created_at);

CREATE TABLE assertion_results (
  aid INTEGER PRIMARY KEY,
  node_id TEXT NOT NULL,
  dataset_id TEXT,
  assertion TEXT NOT NULL,
  status TEXT NOT NULL,
  at TEXT NOT NULL,
  run_id TEXT,
  severity TEXT,
  details TEXT NOT NULL,
  event_seq INTEGER
);
CREATE INDEX assertion_results_node ON assertion_results (node_id, at);
CREATE INDEX assertion_results_dataset ON assertion_results (dataset_id, at);
CREATE INDEX assertion_results_at ON assertion_results (at);
`,
  },
  { version: 2, name: 'prediction log', sql: SQLITE_PREDICTIONS_SQL },
  {
    version: 3,
    name: 'node revision sequence (node cache invalidation)',
    sql: `
ALTER TABLE nodes ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
CREATE INDEX nodes_rev ON nodes (rev);
`,
  },
  { version: 4, name: 'prediction log: no stored content hash', sql: SQLITE_PREDICTIONS_DROP_HASH_SQL },
  {
    version: 5,
    name: 'access tokens; pruned event payloads (retention)',
    sql: `
CREATE TABLE tokens (
  id TEXT PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  namespaces TEXT,
  scopes TEXT NOT NULL,
  description TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT,
  expires_at TEXT,
  revoked_at TEXT
);
ALTER TABLE events ADD COLUMN pruned_by INTEGER;
CREATE INDEX events_pruned_by ON events (pruned_by);
`,
  },
  {
    version: 6,
    name: 'covering index for the traversal index feed',
    sql: 'CREATE INDEX edges_feed ON edges (change_seq, eid, src, dst, kind_code, level_mask, tmask, from_ms, to_ms);',
  },
  {
    version: 7,
    name: 'incidents, alert subscriptions and deliveries, daily feature histograms (active metadata)',
    sql: activeTablesSql('INTEGER PRIMARY KEY'),
  },
  {
    version: 8,
    name: 'integer key of the job an edge was derived in, for the traversal index',
    sql: `
ALTER TABLE edges ADD COLUMN via_nid INTEGER;
UPDATE edges SET via_nid = (SELECT nid FROM nodes WHERE nodes.id = edges.via) WHERE via IS NOT NULL;
DROP INDEX edges_feed;
CREATE INDEX edges_feed ON edges (change_seq, eid, src, dst, kind_code, level_mask, tmask, from_ms, to_ms, via_nid);
`,
  },
  {
    version: 9,
    name: 'how far alert rules were evaluated, so a restart evaluates what a crash left',
    sql: `
CREATE TABLE alert_progress (
  name TEXT PRIMARY KEY,
  seq INTEGER NOT NULL
);
INSERT INTO alert_progress (name, seq) SELECT 'rules', COALESCE(MAX(seq), 0) FROM events;
`,
  },
  {
    version: 10,
    name: "dataset versions' times and schema hashes answered from one index, without reading their schemas",
    sql: `
DROP INDEX dataset_versions_created;
CREATE INDEX dataset_versions_stamps ON dataset_versions (dataset_id, created_at, vid, schema_hash);
`,
  },
  {
    version: 11,
    name: 'tagged nodes and versions of a time window found by index; edges that carry values unmasked marked',
    sql: `
CREATE INDEX nodes_tagged ON nodes (nid) WHERE tags <> '[]';
CREATE INDEX dataset_versions_time ON dataset_versions (created_at, dataset_id);
UPDATE edges SET tmask = tmask | 2048
 WHERE transformations LIKE '%DIRECT%' AND EXISTS (
   SELECT 1 FROM json_each(edges.transformations) t
    WHERE json_extract(t.value, '$.type') = 'DIRECT' AND COALESCE(json_extract(t.value, '$.masking'), 0) <> 1);
`,
  },
  {
    version: 12,
    name: 'the event-log records that opened and closed each edge, as evidence of lineage changes',
    sql: `
ALTER TABLE edges ADD COLUMN opened_seq INTEGER;
ALTER TABLE edges ADD COLUMN closed_seq INTEGER;
`,
  },
  {
    version: 13,
    name: "the event-log record behind a run's state and behind each dataset version, as evidence",
    sql: `
ALTER TABLE runs ADD COLUMN state_seq INTEGER;
ALTER TABLE dataset_versions ADD COLUMN event_seq INTEGER;
`,
  },
  {
    version: 14,
    name: "runs by state sequence: the activity index's feed of failed runs",
    sql: `
CREATE INDEX runs_state_seq ON runs (state_seq);
`,
  },
  {
    version: 15,
    name: "the event-log record that last wrote each run: the activity index's feed of runs",
    sql: `
ALTER TABLE runs ADD COLUMN row_seq INTEGER;
DROP INDEX runs_state_seq;
CREATE INDEX runs_row_seq ON runs (row_seq);
`,
  },
  {
    version: 16,
    name: 'the write order of aliases and incidents: the feeds of their in-memory caches',
    sql: `
ALTER TABLE aliases ADD COLUMN seq INTEGER;
CREATE INDEX aliases_seq ON aliases (seq);
ALTER TABLE incidents ADD COLUMN row_seq INTEGER;
CREATE INDEX incidents_row_seq ON incidents (row_seq);
`,
  },
];
