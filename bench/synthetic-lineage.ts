/**
 * A deterministic generator of realistic synthetic lineage as OpenLineage RunEvents.
 *
 * Datasets sit in layers, like a warehouse: raw sources, staging, intermediate models, marts.
 * Every non-source dataset is written by one job that reads one to three datasets from earlier
 * layers (mostly the layer just before, so fan-in and fan-out both occur). Each output column
 * derives from one or two input columns (DIRECT IDENTITY / TRANSFORMATION / AGGREGATION), and
 * the first input's key column filters every row (a dataset-level INDIRECT FILTER dependency),
 * so a graph of D datasets with C columns has about D * C * 1.5 column edges.
 */

export interface SyntheticLineageOptions {
  datasets: number;
  columnsPerDataset: number;
  /** Number of layers; the longest path has layers - 1 jobs. */
  layers: number;
  seed?: number;
  /** Time of the first event; each event is one second after the previous. */
  startTime?: string;
  namespace?: string;
  /**
   * Share of jobs that also look up a column of one shared dimension (`t0`, a layer-0 source), as
   * warehouses join a customer or date dimension almost everywhere: the hub whose column has a
   * downstream of thousands of nodes. Decided by a PRNG of its own, so the rest of the graph is
   * the same for every share. Default 0.
   */
  dimensionShare?: number;
}

export interface SyntheticDataset {
  name: string;
  layer: number;
  columns: string[];
}

const PRODUCER = 'https://github.com/rootline/rootline/bench';
const SCHEMA_URL = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';

/** A small, fast, seeded PRNG (mulberry32): the same seed gives the same graph on every machine. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Lays out the datasets: names, layers and columns. Layer 0 holds the raw sources. */
export function planDatasets(options: SyntheticLineageOptions): SyntheticDataset[] {
  const perLayer = Math.max(1, Math.floor(options.datasets / options.layers));
  const datasets: SyntheticDataset[] = [];
  for (let i = 0; i < options.datasets; i++) {
    const layer = Math.min(options.layers - 1, Math.floor(i / perLayer));
    const columns = Array.from({ length: options.columnsPerDataset }, (_, c) => (c === 0 ? 'id' : `c${c}`));
    datasets.push({ name: `warehouse.l${layer}.t${i}`, layer, columns });
  }
  return datasets;
}

function pickInputs(datasets: SyntheticDataset[], index: number, random: () => number): SyntheticDataset[] {
  const target = datasets[index];
  if (!target || target.layer === 0) return [];
  const count = 1 + Math.floor(random() * 3);
  const inputs = new Set<SyntheticDataset>();
  const perLayer = datasets.filter((d) => d.layer === 0).length;
  for (let k = 0; k < count * 3 && inputs.size < count; k++) {
    // Mostly the previous layer; now and then any earlier one, for long-range edges.
    const layer = random() < 0.8 ? target.layer - 1 : Math.floor(random() * target.layer);
    const candidate = datasets[layer * perLayer + Math.floor(random() * perLayer)];
    if (candidate && candidate.layer < target.layer) inputs.add(candidate);
  }
  return [...inputs];
}

const DIRECT_SUBTYPES = ['IDENTITY', 'IDENTITY', 'TRANSFORMATION', 'AGGREGATION'] as const;

/** Yields one COMPLETE RunEvent per non-source dataset, in layer order (sources first appear as inputs). */
export function* generateLineageEvents(options: SyntheticLineageOptions): Generator<Record<string, unknown>> {
  const random = createRandom(options.seed ?? 42);
  const dimensionRandom = createRandom((options.seed ?? 42) ^ 0x5bd1e995);
  const namespace = options.namespace ?? 'postgres://warehouse:5432';
  const start = Date.parse(options.startTime ?? '2026-01-01T00:00:00Z');
  const datasets = planDatasets(options);
  const dimension = datasets[0];
  let eventIndex = 0;
  for (let i = 0; i < datasets.length; i++) {
    const output = datasets[i];
    const inputs = pickInputs(datasets, i, random);
    if (!output || inputs.length === 0) continue;
    const fields: Record<string, unknown> = {};
    for (const column of output.columns) {
      const sources = inputs.slice(0, 1 + Math.floor(random() * Math.min(2, inputs.length)));
      fields[column] = {
        inputFields: sources.map((input) => ({
          namespace,
          name: input.name,
          field: input.columns[Math.floor(random() * input.columns.length)] ?? 'id',
          transformations: [
            { type: 'DIRECT', subtype: DIRECT_SUBTYPES[Math.floor(random() * DIRECT_SUBTYPES.length)] },
          ],
        })),
      };
    }
    if (dimension && dimensionRandom() < (options.dimensionShare ?? 0) && !inputs.includes(dimension)) {
      const column = output.columns[1 + Math.floor(dimensionRandom() * (output.columns.length - 1))] ?? 'id';
      inputs.push(dimension);
      (fields[column] as { inputFields: unknown[] }).inputFields.push({
        namespace,
        name: dimension.name,
        field: 'c1',
        transformations: [{ type: 'DIRECT', subtype: 'TRANSFORMATION' }],
      });
    }
    const first = inputs[0] as SyntheticDataset;
    const eventTime = new Date(start + eventIndex * 1000).toISOString();
    eventIndex++;
    yield {
      eventType: 'COMPLETE',
      eventTime,
      producer: PRODUCER,
      schemaURL: SCHEMA_URL,
      run: { runId: deterministicUuid(random) },
      job: { namespace: 'bench', name: `build_${output.name}` },
      inputs: inputs.map((input) => ({
        namespace,
        name: input.name,
        facets: { schema: schemaFacet(input.columns) },
      })),
      outputs: [
        {
          namespace,
          name: output.name,
          facets: {
            schema: schemaFacet(output.columns),
            columnLineage: {
              _producer: PRODUCER,
              _schemaURL: 'https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json',
              fields,
              dataset: [
                {
                  namespace,
                  name: first.name,
                  field: 'id',
                  transformations: [{ type: 'INDIRECT', subtype: 'FILTER' }],
                },
              ],
            },
          },
        },
      ],
    };
  }
}

function schemaFacet(columns: string[]): Record<string, unknown> {
  return {
    _producer: PRODUCER,
    _schemaURL: 'https://openlineage.io/spec/facets/1-1-1/SchemaDatasetFacet.json',
    fields: columns.map((name) => ({ name, type: name === 'id' ? 'BIGINT' : 'VARCHAR' })),
  };
}

function deterministicUuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
