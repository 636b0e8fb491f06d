import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { postgresMigrations } from '../../src/store/postgres/migrations.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { sqliteMigrations } from '../../src/store/sqlite/migrations.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { event, mutation, node, T } from './builders.js';

const PG_URL = process.env.ROOTLINE_TEST_PG_URL;

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
