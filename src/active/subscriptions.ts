import { randomBytes, randomUUID } from 'node:crypto';
import { InputError, NotFoundError } from '../model/errors.js';
import type { SubscriptionRecord } from '../store/active-store.js';
import type { Store } from '../store/store.js';
import { type Rule, ruleSchema, type SubscriptionInput, type Target, targetSchema } from './rules.js';
import { webhookPolicyFromEnv, webhookRefusal } from './webhook-policy.js';

/** A subscription as the API shows it: never its secret. */
export interface SubscriptionView {
  id: string;
  rule: Rule;
  target: Target;
  description: string | null;
  createdAt: string;
  createdBy: string | null;
}

export interface Subscription extends SubscriptionView {
  secret: string;
}

/** Reads a stored subscription back through the rule and target schemas; null when it no longer parses. */
export function readSubscription(record: SubscriptionRecord): Subscription | null {
  const rule = ruleSchema.safeParse(record.rule);
  const target = targetSchema.safeParse(record.target);
  if (!rule.success || !target.success) return null;
  return {
    id: record.id,
    rule: rule.data,
    target: target.data,
    secret: record.secret,
    description: record.description,
    createdAt: record.createdAt,
    createdBy: record.createdBy,
  };
}

export function viewOf(subscription: Subscription): SubscriptionView {
  const { secret: _secret, ...view } = subscription;
  return view;
}

/**
 * Creates a subscription; the answer carries the signing secret, the only time it is shown. A
 * webhook must be allowed by the {@link webhookPolicyFromEnv webhook policy}.
 */
export async function createSubscription(
  store: Store,
  input: SubscriptionInput,
  actor: string | null,
): Promise<Subscription> {
  if (input.target.kind === 'webhook') {
    const refusal = webhookRefusal(input.target.url, webhookPolicyFromEnv());
    if (refusal) throw new InputError(`target.url ${refusal}`, { path: 'target.url' });
  }
  const record: SubscriptionRecord = {
    id: randomUUID(),
    rule: { ...input.rule },
    target: { ...input.target },
    secret: input.secret ?? randomBytes(24).toString('hex'),
    description: input.description ?? null,
    createdAt: new Date().toISOString(),
    createdBy: actor,
  };
  const stored = readSubscription(await store.active.createSubscription(record, actor));
  if (!stored) throw new Error('a subscription just stored does not read back');
  return stored;
}

/** Every subscription that still parses, oldest first. */
export async function listSubscriptions(store: Store): Promise<Subscription[]> {
  const records = await store.active.listSubscriptions();
  return records.map(readSubscription).filter((entry): entry is Subscription => entry !== null);
}

export async function deleteSubscription(store: Store, id: string, actor: string | null): Promise<void> {
  if (!(await store.active.deleteSubscription(id, actor))) throw new NotFoundError(`subscription '${id}' not found`);
}
