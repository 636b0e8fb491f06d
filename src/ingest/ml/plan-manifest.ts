import { InputError, type InputIssue } from '../../model/errors.js';
import type { Mutation, NodeUpsert } from '../../model/mutation.js';
import { parseNodeId } from '../../model/node-id.js';
import type { Store } from '../../store/store.js';
import { minimalNode } from '../minimal-node.js';
import type { Manifest } from './manifest-schema.js';
import { createPlanContext, type PlanContext, safeParseNodeId } from './plan-context.js';
import { planDatasets, planDeployments } from './plan-deployments.js';
import { planFeatureViews } from './plan-feature-views.js';
import { planModels } from './plan-models.js';
import { planTrainingSets } from './plan-training-sets.js';

export interface ManifestPlan {
  mutation: Mutation;
  /** Training-set versions the document lists, for the leakage check that follows an apply. */
  trainingSets: { id: string; version: string; path: string }[];
}

/**
 * Turns a validated manifest into one mutation, reading the store only to resolve references
 * (feature views, training-set and model versions registered earlier, dataset aliases) and to
 * enforce immutability. Every problem is collected; if there is any, an {@link InputError} lists
 * them all with their document paths and nothing is planned.
 */
export async function planManifest(store: Store, manifest: Manifest, options: { now: string }): Promise<ManifestPlan> {
  const ctx = createPlanContext(store, options.now);
  const aliases = await store.resolveAliases(referencedDatasets(manifest));
  for (const [alias, canonical] of aliases) ctx.aliases.set(alias, canonical);

  const featureViews = await planFeatureViews(ctx, manifest.featureViews, manifest.trainingSets);
  const trainingSets = await planTrainingSets(ctx, manifest.trainingSets, featureViews);
  const modelVersions = await planModels(ctx, manifest.models, trainingSets);
  await planDeployments(ctx, manifest.deployments, modelVersions);
  await planDatasets(ctx, manifest.datasets, modelVersions);
  throwIssues(ctx.issues);
  await addReferencedNodes(ctx);

  return {
    mutation: ctx.mutation,
    trainingSets: manifest.trainingSets.map((ts, index) => ({
      id: `dataset:${ts.namespace}:${ts.name}`,
      version: ts.version,
      path: `trainingSets[${index}]`,
    })),
  };
}

/** Throws one {@link InputError} listing every collected issue with its path; returns when there is none. */
export function throwIssues(issues: InputIssue[]): void {
  if (issues.length === 0) return;
  const text = issues.map((i) => `${i.path}: ${i.message}`);
  const message = text.length > 5 ? `${text.slice(0, 5).join('; ')}; and ${text.length - 5} more` : text.join('; ');
  throw new InputError(message, { path: issues[0]?.path, issues });
}

/** Creates source and label columns the graph does not know yet, so every edge has both ends. */
async function addReferencedNodes(ctx: PlanContext): Promise<void> {
  const planned = new Set(ctx.mutation.nodes.map((n) => n.id));
  const wanted = [...ctx.referenced.keys()].filter((id) => !planned.has(id));
  const parents = wanted.flatMap((id) => {
    const ref = parseNodeId(id);
    return ref.kind === 'datasetField' ? [`dataset:${ref.namespace}:${ref.name}`] : [];
  });
  const all = [...new Set([...wanted, ...parents])].filter((id) => !planned.has(id));
  const known = new Set((await ctx.store.getNodes(all)).map((n) => n.id));
  const added: NodeUpsert[] = [];
  for (const id of all) {
    if (known.has(id)) continue;
    const node = minimalNode(id, ctx.referenced.get(id) ?? earliestFieldTime(ctx, id));
    if (node) added.push(node);
  }
  ctx.mutation.nodes.unshift(...added);
}

function earliestFieldTime(ctx: PlanContext, datasetId: string): string {
  const prefix = `datasetField:${datasetId.slice('dataset:'.length)}:`;
  let at = ctx.now;
  for (const [id, time] of ctx.referenced) if (id.startsWith(prefix) && time < at) at = time;
  return at;
}

function referencedDatasets(manifest: Manifest): string[] {
  const ids = new Set<string>();
  const addField = (text: string): void => {
    const ref = text.startsWith('datasetField:') ? safeParseNodeId(text) : null;
    if (ref?.kind === 'datasetField') ids.add(`dataset:${ref.namespace}:${ref.name}`);
  };
  for (const fv of manifest.featureViews) ids.add(fv.source);
  for (const ts of manifest.trainingSets) for (const f of [...ts.features, ts.label]) addField(f);
  for (const ds of manifest.datasets) if (ds.synthetic) ids.add(ds.synthetic.seed);
  return [...ids].filter((id) => id.startsWith('dataset:'));
}
