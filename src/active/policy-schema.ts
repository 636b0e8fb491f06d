import { parseDocument } from 'yaml';
import { z } from 'zod';
import { InputError } from '../model/errors.js';
import { parseNodeId } from '../model/node-id.js';
import { zodInputError } from './zod-input-error.js';

const nodeIdOf = (kind: string) =>
  z
    .string()
    .min(1)
    .superRefine((text, ctx) => {
      try {
        if (parseNodeId(text).kind !== kind) ctx.addIssue({ code: 'custom', message: `must be a ${kind} id` });
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : 'not a node id' });
      }
    });

const base = {
  name: z.string().min(1).max(200).describe('Names the rule in every violation.'),
  description: z.string().max(1000).optional(),
};
const namespace = z.string().min(1).max(1024).optional();

/**
 * A lineage policy rule. `no_derived_pii_in_models`: model versions (under `namespace`) must not be
 * trained on derived PII. `no_leakage`: no training set (under `namespace`) has a leakage finding.
 * `deployments_trace_to_owned_datasets`: every deployment (under `namespace`, or tagged `tag`)
 * traces only to datasets with an owner. `no_job_reads`: no job reads `dataset`.
 * `column_lineage_to_sources`: every field of `featureView` has column-level lineage to a source.
 */
export const policyRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...base, kind: z.literal('no_derived_pii_in_models'), namespace }),
  z.strictObject({ ...base, kind: z.literal('no_leakage'), namespace }),
  z.strictObject({
    ...base,
    kind: z.literal('deployments_trace_to_owned_datasets'),
    namespace,
    tag: z.string().min(1).max(200).optional(),
  }),
  z.strictObject({ ...base, kind: z.literal('no_job_reads'), dataset: nodeIdOf('dataset') }),
  z.strictObject({ ...base, kind: z.literal('column_lineage_to_sources'), featureView: nodeIdOf('dataset') }),
]);

export const policySchema = z
  .strictObject({
    version: z.literal(1).default(1),
    rules: z.array(policyRuleSchema).min(1).max(500),
  })
  .superRefine((policy, ctx) => {
    const seen = new Set<string>();
    policy.rules.forEach((rule, index) => {
      if (seen.has(rule.name))
        ctx.addIssue({ code: 'custom', path: ['rules', index, 'name'], message: `duplicate rule name '${rule.name}'` });
      seen.add(rule.name);
    });
  });

export type Policy = z.infer<typeof policySchema>;
export type PolicyRule = z.infer<typeof policyRuleSchema>;

/** Parses a policy from YAML (or JSON) text; errors name the path in the document (`rules.2.dataset`). */
export function parsePolicyText(text: string, source = 'policy'): Policy {
  const document = parseDocument(text, { prettyErrors: false });
  const problem = document.errors[0];
  if (problem) {
    throw new InputError(`${source} is not valid YAML: ${problem.message}`, { path: source });
  }
  return parsePolicy(document.toJS(), source);
}

export function parsePolicy(value: unknown, source = 'policy'): Policy {
  const parsed = policySchema.safeParse(value);
  if (!parsed.success) throw zodInputError(parsed.error, source);
  return parsed.data;
}
