import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe } from 'vitest';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/store.js';

/** What a test can do beyond the Store interface on the engine it runs against. */
export interface EngineContext {
  /** `sqlite-memory`, `sqlite-file` or `postgres`. */
  readonly engine: string;
  /**
   * Opens a second store on the same database (a second server process sharing it), closed
   * after the test; null for `:memory:`, which cannot be shared.
   */
  readonly openSecond: (() => Promise<Store>) | null;
  /** Runs raw SQL on the current store's database, behind the store's back. */
  exec(sql: string, params?: readonly (string | number | null)[]): Promise<void>;
}

interface Engine {
  label: string;
  skip: string | null;
  open(): Promise<{ store: Store; second: (() => Promise<Store>) | null; cleanup: () => Promise<void> }>;
}

const PG_URL = process.env.ROOTLINE_TEST_PG_URL;

const engines: Engine[] = [
  {
    label: 'sqlite-memory',
    skip: null,
    open: async () => ({ store: SqliteStore.open({ path: ':memory:' }), second: null, cleanup: async () => {} }),
  },
  {
    label: 'sqlite-file',
    skip: null,
    open: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'rootline-store-'));
      const path = join(dir, 'rootline.db');
      return {
        store: SqliteStore.open({ path }),
        second: async () => SqliteStore.open({ path }),
        cleanup: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    label: 'postgres',
    skip: PG_URL ? null : 'ROOTLINE_TEST_PG_URL is not set',
    open: async () => {
      const connectionString = PG_URL ?? '';
      const schema = `rootline_test_${randomBytes(6).toString('hex')}`;
      const store = await PostgresStore.open({ connectionString, schema, max: 4 });
      return {
        store,
        second: async () => PostgresStore.open({ connectionString, schema, max: 4 }),
        cleanup: async () => {
          const dropper = await PostgresStore.open({ connectionString, schema, max: 1 });
          await dropper.pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
          await dropper.close();
        },
      };
    },
  },
];

async function execOn(store: Store, sql: string, params: readonly (string | number | null)[]): Promise<void> {
  if (store instanceof SqliteStore) store.db.prepare(sql).run(...params);
  else if (store instanceof PostgresStore) {
    let n = 0;
    await store.pool.query(
      sql.replace(/\?/g, () => `$${++n}`),
      [...params],
    );
  } else throw new Error('exec needs a SqliteStore or a PostgresStore');
}

/**
 * Runs `body` as a describe block once per engine: SQLite in memory, SQLite in a temp file, and
 * PostgreSQL when `ROOTLINE_TEST_PG_URL` is set (otherwise skipped, saying why). Every test gets
 * a fresh, empty store; each PostgreSQL test uses its own randomly named schema, dropped after.
 */
export function forEachEngine(name: string, body: (getStore: () => Store, ctx: EngineContext) => void): void {
  for (const engine of engines) {
    if (engine.skip) {
      console.log(`[${name}] skipping ${engine.label}: ${engine.skip}`);
      describe.skip(`${name} [${engine.label}: ${engine.skip}]`, () =>
        body(() => unavailable(), ctxStub(engine.label)));
      continue;
    }
    describe(`${name} [${engine.label}]`, () => {
      let current: Store | null = null;
      let cleanup: (() => Promise<void>) | null = null;
      let second: (() => Promise<Store>) | null = null;
      const extra: Store[] = [];
      beforeEach(async () => {
        const opened = await engine.open();
        current = opened.store;
        cleanup = opened.cleanup;
        second = opened.second;
      });
      afterEach(async () => {
        for (const store of extra.splice(0)) await store.close();
        await current?.close();
        current = null;
        await cleanup?.();
      });
      const ctx: EngineContext = {
        engine: engine.label,
        openSecond:
          engine.label === 'sqlite-memory'
            ? null
            : async () => {
                if (!second) throw new Error('no store is open');
                const store = await second();
                extra.push(store);
                return store;
              },
        exec: async (sql, params = []) => {
          if (!current) throw new Error('no store is open');
          await execOn(current, sql, params);
        },
      };
      body(() => current ?? unavailable(), ctx);
    });
  }
}

function unavailable(): never {
  throw new Error('the store is only available inside a test');
}

function ctxStub(engine: string): EngineContext {
  return { engine, openSecond: null, exec: async () => unavailable() };
}
