/**
 * A synthetic lineage answer of `size` nodes shaped like a warehouse: one raw source fans out
 * through alternating jobs and datasets, jobs read one to three datasets, so every node is
 * downstream of the first one (the benchmark's focus) and all of them can be drawn.
 */
export function generateLineage(size: number, seed = 7) {
  let state = seed;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const ns = 'postgres://bench:5432';
  const kinds: ('dataset' | 'job')[] = ['dataset'];
  const ids = [`dataset:${ns}:raw.source_0`];
  const depth = [0];
  const edges: { kind: string; source: string; target: string }[] = [];
  const datasets = [0];
  const jobs: number[] = [];
  for (let i = 1; i < size; i += 1) {
    const isJob = i % 2 === 1;
    const pool = isJob ? datasets : jobs;
    // Prefer recent parents so the graph grows deep as well as wide.
    const parent = pool[Math.max(0, pool.length - 1 - Math.floor(random() * Math.min(pool.length, 40)))] ?? 0;
    kinds.push(isJob ? 'job' : 'dataset');
    ids.push(isJob ? `job:etl:step_${i}` : `dataset:${ns}:analytics.table_${i}`);
    depth.push((depth[parent] ?? 0) + 1);
    edges.push({ kind: isJob ? 'INPUT' : 'OUTPUT', source: ids[parent] ?? '', target: ids[i] ?? '' });
    if (isJob) {
      const extra = Math.floor(random() * 3);
      for (let k = 0; k < extra && datasets.length > 1; k += 1) {
        const other = datasets[Math.floor(random() * datasets.length)] ?? 0;
        if (other !== parent) edges.push({ kind: 'INPUT', source: ids[other] ?? '', target: ids[i] ?? '' });
      }
      jobs.push(i);
    } else {
      datasets.push(i);
    }
  }
  const now = new Date().toISOString();
  const nodes = ids.map((id, i) => {
    const colon = id.indexOf(':');
    const kind = kinds[i] ?? 'dataset';
    const rest = id.slice(colon + 1);
    const namespace = kind === 'job' ? 'etl' : ns;
    return {
      id,
      kind,
      namespace,
      name: rest.slice(namespace.length + 1),
      subtype: null,
      description: null,
      owners: [{ name: 'team:data' }],
      tags: [],
      facets: {},
      attributes: {},
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
      depth: depth[i] ?? 0,
    };
  });
  return {
    focus: ids[0] ?? '',
    body: {
      nodes,
      edges: edges.map((e) => ({
        ...e,
        origin: 'facet',
        via: null,
        transformations: [],
        attributes: {},
        validFrom: now,
        validTo: null,
      })),
      partial: false,
    },
  };
}
