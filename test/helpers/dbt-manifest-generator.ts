/**
 * A synthetic dbt project of any size, shaped like real ones: sources, staging models that
 * select from one source, and marts that join two or three upstream models with aggregates,
 * CASE expressions and `select *` from their first parent. Deterministic for a given seed.
 */
export interface GeneratedProject {
  manifest: Record<string, unknown>;
  runResults: Record<string, unknown>;
  models: number;
  sources: number;
  tests: number;
}

const COLUMNS = ['id', 'customer_id', 'amount', 'status', 'created_at', 'region', 'score', 'quantity'];

export function generateDbtProject(options: { models: number; seed?: number }): GeneratedProject {
  let state = options.seed ?? 42;
  const random = (n: number): number => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state % n;
  };
  const sourceCount = Math.max(1, Math.round(options.models / 20));
  const nodes: Record<string, unknown> = {};
  const sources: Record<string, unknown> = {};
  const relation = (name: string) => `"warehouse"."analytics"."${name}"`;
  for (let i = 0; i < sourceCount; i++) {
    const id = `source.big.raw.table_${i}`;
    sources[id] = {
      unique_id: id,
      name: `table_${i}`,
      source_name: 'raw',
      database: 'warehouse',
      schema: 'raw',
      identifier: `table_${i}`,
      relation_name: `"warehouse"."raw"."table_${i}"`,
      description: `Raw table ${i}`,
      columns: Object.fromEntries(
        COLUMNS.map((c) => [c, { name: c, description: `${c} of table ${i}`, meta: {}, tags: [] }]),
      ),
      meta: {},
      tags: [],
    };
  }
  const results: unknown[] = [];
  let tests = 0;
  for (let i = 0; i < options.models; i++) {
    const name = `model_${i}`;
    const id = `model.big.${name}`;
    let parents: { id: string; rel: string }[];
    let sql: string;
    if (i < sourceCount) {
      const src = `source.big.raw.table_${i}`;
      parents = [{ id: src, rel: `"warehouse"."raw"."table_${i}"` }];
      sql = `with source as (select * from ${parents[0]?.rel})\nselect id, customer_id, amount / 100 as amount, upper(status) as status, created_at, region, score, quantity from source`;
    } else {
      const count = 1 + random(3);
      const picked = new Set<number>();
      while (picked.size < count) picked.add(i - 1 - random(Math.min(i, 200)));
      parents = [...picked].map((p) => ({ id: `model.big.model_${p}`, rel: relation(`model_${p}`) }));
      const [first, ...rest] = parents;
      if (!first) throw new Error('unreachable');
      const joins = rest.map((p, k) => `left join ${p.rel} j${k} on j${k}.customer_id = base.customer_id`).join('\n');
      const extra = rest.map(
        (_, k) =>
          `sum(j${k}.amount) as amount_${k}, max(case when j${k}.status = 'X' then j${k}.score end) as flag_${k}`,
      );
      sql =
        random(4) === 0
          ? `select * from ${first.rel}`
          : `with base as (select * from ${first.rel})\nselect base.id, base.customer_id, sum(base.amount) as amount, max(base.status) as status, min(base.created_at) as created_at, base.region, avg(base.score) as score, count(base.quantity) as quantity${extra.length ? `, ${extra.join(', ')}` : ''}\nfrom base\n${joins}\ngroup by base.id, base.customer_id, base.region`;
    }
    nodes[id] = {
      unique_id: id,
      resource_type: 'model',
      name,
      package_name: 'big',
      database: 'warehouse',
      schema: 'analytics',
      alias: name,
      relation_name: relation(name),
      description: `Model ${i}`,
      tags: i % 10 === 0 ? ['finance'] : [],
      meta: i % 7 === 0 ? { owner: `team-${i % 5}` } : {},
      config: { enabled: true, materialized: i % 3 === 0 ? 'view' : 'table', tags: [], meta: {} },
      columns: { id: { name: 'id', description: 'primary key', meta: {}, tags: [] } },
      depends_on: { nodes: parents.map((p) => p.id), macros: [] },
      compiled_code: sql,
      original_file_path: `models/${name}.sql`,
    };
    const testId = `test.big.not_null_${name}_id.${i.toString(16).padStart(10, '0')}`;
    nodes[testId] = {
      unique_id: testId,
      resource_type: 'test',
      name: `not_null_${name}_id`,
      package_name: 'big',
      database: 'warehouse',
      schema: 'analytics_dbt_test__audit',
      config: { enabled: true, severity: 'ERROR', tags: [], meta: {} },
      columns: {},
      tags: [],
      meta: {},
      depends_on: { nodes: [id], macros: ['macro.dbt.test_not_null'] },
      test_metadata: { name: 'not_null', kwargs: { column_name: 'id' } },
      column_name: 'id',
      attached_node: id,
    };
    tests++;
    const at = new Date(Date.UTC(2026, 9, 1, 6, 0, 0) + i * 10).toISOString();
    results.push({ unique_id: id, status: 'success', timing: [{ name: 'execute', started_at: at, completed_at: at }] });
    results.push({
      unique_id: testId,
      status: random(50) === 0 ? 'fail' : 'pass',
      timing: [{ name: 'execute', started_at: at, completed_at: at }],
      failures: 0,
    });
  }
  const metadata = {
    dbt_version: '1.8.9',
    generated_at: '2026-10-01T05:00:00.000000Z',
    invocation_id: 'c0ffee00-0000-4000-8000-000000000001',
    project_name: 'big',
    adapter_type: 'postgres',
  };
  return {
    manifest: {
      metadata: { ...metadata, dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json' },
      nodes,
      sources,
      exposures: {},
      macros: {},
    },
    runResults: {
      metadata: { ...metadata, dbt_schema_version: 'https://schemas.getdbt.com/dbt/run-results/v6.json' },
      results,
      elapsed_time: 100,
      args: { which: 'build' },
    },
    models: options.models,
    sources: sourceCount,
    tests,
  };
}
