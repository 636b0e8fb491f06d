/**
 * The measured side of the traversal benchmark, in a process of its own so its RSS and GC are
 * the store's alone: opens the store, times the cold start (open + first traversal, which loads
 * the index), runs the sampled traversals and prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store, TraversalQuery } from '../../src/store/store.js';

export interface ChildInput {
  engine: 'sqlite' | 'postgres';
  path: string;
  connectionString?: string;
  schema?: string;
  queries: TraversalQuery[];
}

const input = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as ChildInput;
const t0 = performance.now();
const store: Store =
  input.engine === 'sqlite'
    ? SqliteStore.open({ path: input.path })
    : await PostgresStore.open({ connectionString: input.connectionString ?? '', schema: input.schema ?? 'public' });
const openMs = performance.now() - t0;
const first = input.queries[0];
if (first) await store.traverse(first);
const coldStartMs = performance.now() - t0;
const times: number[] = [];
const sizes: number[] = [];
const partial: boolean[] = [];
for (const query of input.queries) {
  const started = performance.now();
  const result = await store.traverse(query);
  times.push(performance.now() - started);
  sizes.push(result.nodes.length);
  partial.push(result.partial);
}
const rssMb = Math.round(process.memoryUsage().rss / 1e6);
await store.close();
console.log(JSON.stringify({ openMs, coldStartMs, rssMb, times, sizes, partial }));
