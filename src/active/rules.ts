import { z } from 'zod';
import { parseNodeId } from '../model/node-id.js';

const nodeId = (kinds?: readonly string[]) =>
  z
    .string()
    .min(1)
    .max(4096)
    .superRefine((text, ctx) => {
      try {
        const ref = parseNodeId(text);
        if (kinds && !kinds.includes(ref.kind))
          ctx.addIssue({ code: 'custom', message: `must be a ${kinds.join(' or ')} id` });
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : 'not a node id' });
      }
    });

const namespace = z.string().min(1).max(1024).optional().describe('Only nodes in this namespace.');

/**
 * What a subscription watches. Each rule is evaluated after every accepted ingest against what
 * that ingest changed, with the analysis functions (impact, schema changes, leakage, PII).
 */
export const ruleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('assertion_failed_upstream'), node: nodeId() }),
  z.strictObject({ kind: z.literal('run_failed'), job: nodeId(['job']) }),
  z.strictObject({
    kind: z.literal('schema_change_impact'),
    node: nodeId()
      .optional()
      .describe('The node that must be impacted; any model, model version or deployment when omitted.'),
  }),
  z.strictObject({ kind: z.literal('lineage_gap'), namespace }),
  z.strictObject({ kind: z.literal('leakage'), namespace }),
  z.strictObject({ kind: z.literal('pii_reaches_model'), namespace }),
  z.strictObject({ kind: z.literal('policy_violation'), policy: z.string().min(1).max(200).optional() }),
]);

export type Rule = z.infer<typeof ruleSchema>;
export type RuleKind = Rule['kind'];

const webhookUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).max(2048);

export const webhookTargetSchema = z.strictObject({ kind: z.literal('webhook'), url: webhookUrl });
export const commandTargetSchema = z.strictObject({
  kind: z.literal('command'),
  command: z.string().min(1).max(4096).describe('A shell command; the alert JSON is written to its standard input.'),
});

/** A webhook anywhere, or (local use only: the CLI on a database) a command. */
export const targetSchema = z.discriminatedUnion('kind', [webhookTargetSchema, commandTargetSchema]);
export type Target = z.infer<typeof targetSchema>;

export const subscriptionInputSchema = z.strictObject({
  rule: ruleSchema,
  target: targetSchema,
  secret: z.string().min(16).max(256).optional().describe('HMAC key for the signatures; generated when omitted.'),
  description: z.string().max(500).optional(),
});

/** Over HTTP only webhooks: a command target would let an API caller run programs on the server. */
export const httpSubscriptionInputSchema = subscriptionInputSchema.extend({ target: webhookTargetSchema });

export type SubscriptionInput = z.infer<typeof subscriptionInputSchema>;

/** One thing a rule found: what the delivery carries, and the key that makes it deliver once. */
export interface Alert {
  rule: RuleKind;
  /** Same rule + same evidence = same key: a subscription receives it once. */
  dedupKey: string;
  summary: string;
  nodes: string[];
  /** Impacted owners (of the nodes concerned and downstream of them). */
  owners: string[];
  evidence: Record<string, unknown>;
}
