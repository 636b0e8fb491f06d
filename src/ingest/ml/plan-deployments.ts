import { canonicalJson, sha256 } from '../../model/canonical-json.js';
import { synthesisJobId } from '../../model/ml-records.js';
import { datasetId, fieldId, formatNodeId } from '../../model/node-id.js';
import type { DatasetSpec, DeploymentSpec } from './manifest-schema.js';
import {
  addIssue,
  canonicalId,
  jobEdges,
  type PlanContext,
  readNodeId,
  readTime,
  reference,
  upsertNode,
} from './plan-context.js';

/**
 * Plans deployments: each SERVES one model version from `from` on, until `to` when it was retired.
 * The edge set's scope is the deployment and its mode `replace`, so switching to another model
 * version closes the old SERVES edge at the new `from` and opens the new one, and retiring closes
 * it at `to`; nothing is deleted.
 */
export async function planDeployments(
  ctx: PlanContext,
  specs: readonly DeploymentSpec[],
  modelVersions: ReadonlySet<string>,
): Promise<void> {
  const seen = new Set<string>();
  const stored = await knownIds(
    ctx,
    specs.map((s) => s.modelVersion),
  );
  for (const [index, spec] of specs.entries()) {
    const path = `deployments[${index}]`;
    const id = formatNodeId({ kind: 'deployment', namespace: spec.namespace, name: spec.name });
    if (seen.has(id)) {
      addIssue(ctx, path, `deployment ${id} is listed twice`);
      continue;
    }
    seen.add(id);
    const ref = readNodeId(ctx, spec.modelVersion, 'modelVersion', `${path}.modelVersion`);
    const from = spec.from === undefined ? ctx.now : readTime(ctx, spec.from, `${path}.from`);
    const to = spec.to === undefined ? null : readTime(ctx, spec.to, `${path}.to`);
    if (!ref || !from || (spec.to !== undefined && !to)) continue;
    if (to !== null && to <= from) {
      addIssue(ctx, `${path}.to`, `must be later than from (${from})`);
      continue;
    }
    if (!modelVersions.has(spec.modelVersion) && !stored.has(spec.modelVersion)) {
      addIssue(ctx, `${path}.modelVersion`, `unknown model version ${spec.modelVersion}`);
      continue;
    }
    upsertNode(ctx, {
      id,
      kind: 'deployment',
      namespace: spec.namespace,
      name: spec.name,
      at: from,
      ...(spec.description !== undefined ? { description: spec.description } : {}),
      ...(spec.owners ? { owners: spec.owners.map((name) => ({ name })) } : {}),
      attributes: { modelVersion: spec.modelVersion },
      deletedAt: to,
    });
    const edge = {
      kind: 'SERVES' as const,
      source: spec.modelVersion,
      target: id,
      origin: 'ml' as const,
      via: null,
      transformations: [],
      attributes: {},
    };
    ctx.mutation.edgeSets.push({ scope: id, at: from, mode: 'replace', runId: null, edges: [edge] });
    // Retired: serving nothing from `to` on closes the SERVES edge then (history is kept).
    if (to !== null) ctx.mutation.edgeSets.push({ scope: id, at: to, mode: 'replace', runId: null, edges: [] });
  }
}

/**
 * Plans plain and synthetic datasets. A synthetic dataset records its generator (a model version),
 * its seed dataset and its fidelity metrics, and is written by a synthesis job that reads the seed,
 * so lineage runs from the real data to the synthetic copy.
 */
export async function planDatasets(
  ctx: PlanContext,
  specs: readonly DatasetSpec[],
  modelVersions: ReadonlySet<string>,
): Promise<void> {
  const stored = await knownIds(
    ctx,
    specs.flatMap((s) => (s.synthetic ? [s.synthetic.generator] : [])),
  );
  for (const [index, spec] of specs.entries()) {
    const path = `datasets[${index}]`;
    const id = datasetId(spec.namespace, spec.name);
    const at = spec.createdAt === undefined ? ctx.now : readTime(ctx, spec.createdAt, `${path}.createdAt`);
    if (!at) continue;
    const synthetic = spec.synthetic;
    let attributes: Record<string, unknown> = {};
    if (synthetic) {
      const generator = readNodeId(ctx, synthetic.generator, 'modelVersion', `${path}.synthetic.generator`);
      const seedRef = readNodeId(ctx, synthetic.seed, 'dataset', `${path}.synthetic.seed`);
      if (!generator || !seedRef) continue;
      if (!modelVersions.has(synthetic.generator) && !stored.has(synthetic.generator)) {
        addIssue(ctx, `${path}.synthetic.generator`, `unknown model version ${synthetic.generator}`);
        continue;
      }
      const seed = canonicalId(ctx, synthetic.seed);
      attributes = { synthetic: { generator: synthetic.generator, seed, metrics: synthetic.metrics } };
      const job = synthesisJobId(spec.namespace, spec.name);
      reference(ctx, seed, at);
      upsertNode(ctx, {
        id: job,
        kind: 'job',
        namespace: spec.namespace,
        name: `synthesize_${spec.name}`,
        at,
        subtype: 'SYNTHESIS',
        description: `Generates ${spec.name} with ${synthetic.generator}`,
        attributes: { generator: synthetic.generator },
      });
      ctx.mutation.edgeSets.push({ scope: job, at, mode: 'replace', runId: null, edges: jobEdges(job, [seed], [id]) });
    }
    upsertNode(ctx, {
      id,
      kind: 'dataset',
      namespace: spec.namespace,
      name: spec.name,
      at,
      ...(spec.description !== undefined ? { description: spec.description } : {}),
      ...(spec.owners ? { owners: spec.owners.map((name) => ({ name })) } : {}),
      attributes,
    });
    for (const [ordinal, field] of (spec.fields ?? []).entries()) {
      upsertNode(ctx, {
        id: fieldId(spec.namespace, spec.name, field.name),
        kind: 'datasetField',
        namespace: spec.namespace,
        name: spec.name,
        at,
        attributes: { field: field.name, type: field.type ?? null, ordinal },
      });
    }
    if (spec.fields) {
      ctx.mutation.datasetVersions.push({
        datasetId: id,
        reason: 'observe',
        version: sha256(canonicalJson(spec.fields)).slice(0, 32),
        createdAt: at,
        runId: null,
        fields: spec.fields.map((f) => ({ name: f.name, ...(f.type ? { type: f.type } : {}) })),
        facets: {},
        lifecycleState: null,
      });
    }
  }
}

async function knownIds(ctx: PlanContext, ids: readonly string[]): Promise<Set<string>> {
  const wellFormed = ids.filter((id) => id.startsWith('modelVersion:'));
  return new Set((await ctx.store.getNodes(wellFormed)).map((n) => n.id));
}
