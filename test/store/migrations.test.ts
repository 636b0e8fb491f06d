import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DIRECT_UNMASKED_BIT, transformationMask } from '../../src/store/edge-codes.js';
import { openStore } from '../../src/store/open-store.js';
import { postgresMigrations } from '../../src/store/postgres/migrations.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { sqliteMigrations } from '../../src/store/sqlite/migrations.js';
import { migrateSqlite } from '../../src/store/sqlite/sqlite-driver.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { edge, event, mutation, node, T } from './builders.js';

const PG_URL = process.env.ROOTLINE_TEST_PG_URL;

const VALUE_EDGES = [
  { target: 'unmasked', transformations: [{ type: 'DIRECT', subtype: 'IDENTITY' }] },
  { target: 'masked', transformations: [{ type: 'DIRECT', subtype: 'TRANSFORMATION', masking: true }] },
  {
    target: 'both',
    transformations: [
      { type: 'DIRECT', subtype: 'AGGREGATION', masking: true },
      { type: 'DIRECT', subtype: 'IDENTITY', masking: false },
    ],
  },
  { target: 'filter', transformations: [{ type: 'INDIRECT', subtype: 'FILTER' }] },
] as const;

/** DERIVES edges with and without masking, as a store before migration 11 wrote them. */
function valueEdgesMutation() {
  return mutation({
    edgeSets: [
      {
        scope: 'job:pg:load|dataset:pg:b',
        at: T(1),
        mode: 'replace',
        runId: null,
        edges: VALUE_EDGES.map(({ target, transformations }) =>
          edge('DERIVES', 'datasetField:pg:a:x', `datasetField:pg:b:${target}`, {
            transformations: [...transformations],
          }),
        ),
      },
    ],
  });
}

/** The tmask the write path gives each edge today, by target column. */
const expectedMasks = () =>
  Object.fromEntries(
    VALUE_EDGES.map(({ target, transformations }) => [target, transformationMask([...transformations])]),
  );

describe('migrations', () => {
  it('numbers the migrations of both engines alike, in increasing order', () => {
    const versions = sqliteMigrations.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    expect(postgresMigrations.map((m) => m.version)).toEqual(versions);
  });

  describe('on a SQLite file', () => {
    let dir = '';
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('creates the folder, records every migration, and applies nothing again on reopen', async () => {
      dir = mkdtempSync(join(tmpdir(), 'rootline-migrate-'));
      const path = join(dir, 'nested', 'rootline.db');
      const first = SqliteStore.open({ path });
      await first.ingest(event({ keep: 1 }), mutation({ nodes: [node('dataset:ns:t', T(1))] }));
      await first.close();
      const second = SqliteStore.open({ path });
      const rows = second.db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
      expect(rows).toEqual(sqliteMigrations.map((m) => m.version));
      expect(second.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(second.db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect((await second.getNode('dataset:ns:t'))?.id).toBe('dataset:ns:t');
      await second.close();
    });

    it('gives edges written before migration 8 the key of the job they were derived in', async () => {
      dir = mkdtempSync(join(tmpdir(), 'rootline-migrate-8-'));
      const path = join(dir, 'rootline.db');
      const old = new Database(path);
      migrateSqlite(
        old,
        sqliteMigrations.filter((m) => m.version < 8),
      );
      const insertNode = old.prepare(
        `INSERT INTO nodes (nid, id, kind, namespace, name, parent_id, owners, tags, facets, attributes, created_at, updated_at, rev)
         VALUES (?, ?, ?, 'pg', ?, ?, '[]', '[]', '{}', '{}', ?, ?, 1)`,
      );
      insertNode.run(1, 'datasetField:pg:a:x', 'datasetField', 'a', 'dataset:pg:a', T(1), T(1));
      insertNode.run(2, 'datasetField:pg:b:y', 'datasetField', 'b', 'dataset:pg:b', T(1), T(1));
      insertNode.run(3, 'job:pg:load', 'job', 'load', null, T(1), T(1));
      old
        .prepare(
          `INSERT INTO edges (scope, kind, src, dst, via, origin, transformations, attributes, valid_from, kind_code, level_mask, tmask, from_ms, change_seq)
           VALUES ('s', 'DERIVES', 1, 2, 'job:pg:load', 'facet', '[]', '{}', ?, 2, 2, 0, ?, 1)`,
        )
        .run(T(1), Date.parse(T(1)));
      old.close();
      const store = SqliteStore.open({ path });
      const tree = await store.walkTree({
        start: ['datasetField:pg:a:x'],
        direction: 'downstream',
        level: 'column',
        depth: 3,
      });
      expect(tree.edges.map((edge) => edge.via?.id)).toEqual(['job:pg:load']);
      await store.close();
    });

    it('starts alert evaluation after the last record of a database created before migration 9', async () => {
      dir = mkdtempSync(join(tmpdir(), 'rootline-migrate-9-'));
      const path = join(dir, 'rootline.db');
      const first = SqliteStore.open({ path });
      for (const day of [1, 2, 3])
        await first.ingest(event({ day }), mutation({ nodes: [node('dataset:ns:t', T(day))] }));
      first.db.exec('DROP TABLE alert_progress; DELETE FROM schema_migrations WHERE version = 9;');
      await first.close();
      const second = SqliteStore.open({ path });
      expect(await second.active.readAlertProgress()).toBe(3);
      await second.close();
    });

    it('marks the edges that carry values unmasked when it migrates a database to version 11', async () => {
      dir = mkdtempSync(join(tmpdir(), 'rootline-migrate-11-'));
      const path = join(dir, 'rootline.db');
      const first = SqliteStore.open({ path });
      await first.ingest(event({ edges: 11 }), valueEdgesMutation());
      first.db.exec(`UPDATE edges SET tmask = tmask & ~2048; DROP INDEX nodes_tagged; DROP INDEX dataset_versions_time;
        DELETE FROM schema_migrations WHERE version = 11;`);
      await first.close();
      const second = SqliteStore.open({ path });
      const rows = second.db
        .prepare('SELECT t.id AS target, e.tmask FROM edges e JOIN nodes t ON t.nid = e.dst')
        .all() as { target: string; tmask: number }[];
      const masks = Object.fromEntries(rows.map((row) => [String(row.target).split(':').at(-1), row.tmask]));
      expect(masks).toEqual(expectedMasks());
      const carries = (target: string) => ((masks[target] ?? 0) & DIRECT_UNMASKED_BIT) !== 0;
      expect(['unmasked', 'masked', 'both', 'filter'].map(carries)).toEqual([true, false, true, false]);
      await second.close();
    });

    it('opens the default file under the working directory through openStore', async () => {
      dir = mkdtempSync(join(tmpdir(), 'rootline-default-'));
      const previous = process.cwd();
      process.chdir(dir);
      try {
        const store = await openStore();
        expect(store).toBeInstanceOf(SqliteStore);
        expect(store instanceof SqliteStore && store.path).toBe(join(dir, '.rootline', 'rootline.db'));
        await store.close();
      } finally {
        process.chdir(previous);
      }
    });
  });

  describe.skipIf(!PG_URL)('on PostgreSQL', () => {
    const schema = `rootline_test_${randomBytes(6).toString('hex')}`;
    afterEach(async () => {
      const dropper = await PostgresStore.open({ connectionString: PG_URL ?? '', schema, max: 1 });
      await dropper.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await dropper.close();
    });

    it('marks the edges that carry values unmasked when it migrates a schema to version 11', async () => {
      const first = await PostgresStore.open({ connectionString: PG_URL ?? '', schema });
      await first.ingest(event({ edges: 11 }), valueEdgesMutation());
      await first.pool.query(`UPDATE edges SET tmask = tmask & ~2048; DROP INDEX nodes_tagged; DROP INDEX dataset_versions_time;
        DELETE FROM schema_migrations WHERE version = 11;`);
      await first.close();
      const second = await PostgresStore.open({ connectionString: PG_URL ?? '', schema });
      const { rows } = await second.pool.query<{ target: string; tmask: number }>(
        'SELECT t.id AS target, e.tmask FROM edges e JOIN nodes t ON t.nid = e.dst',
      );
      const masks = Object.fromEntries(rows.map((row) => [row.target.split(':').at(-1), Number(row.tmask)]));
      expect(masks).toEqual(expectedMasks());
      await second.close();
    });

    it('applies each migration once when two servers open a fresh schema at the same time', async () => {
      const [a, b] = await Promise.all([
        openStore({ databaseUrl: PG_URL ?? '', schema }),
        openStore({ databaseUrl: PG_URL ?? '', schema }),
      ]);
      if (!(a instanceof PostgresStore)) throw new Error('expected a PostgresStore');
      const rows = await a.pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.rows.map((r) => r.version)).toEqual(postgresMigrations.map((m) => m.version));
      await a.ingest(event({ pg: 1 }), mutation({}));
      expect((await b.getEvent(1))?.payload).toEqual({ pg: 1 });
      await a.close();
      await b.close();
    });
  });
});
