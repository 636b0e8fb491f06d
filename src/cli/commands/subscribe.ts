import type { Command } from 'commander';
import { z } from 'zod';
import { ruleSchema, subscriptionInputSchema } from '../../active/rules.js';
import {
  createSubscription,
  deleteSubscription,
  listSubscriptions,
  type SubscriptionView,
  viewOf,
} from '../../active/subscriptions.js';
import { InputError } from '../../model/errors.js';
import { inputErrorFromZod } from '../../server/parse-input.js';
import { deliverySchema, subscriptionViewSchema } from '../active-schemas.js';
import { addCommonOptions, type CommonOptions } from '../connection.js';
import { formatTable } from '../format/table.js';
import type { CliIo } from '../io.js';
import { withConnection } from '../with-connection.js';

interface SubscribeFlags extends CommonOptions {
  rule?: string;
  node?: string;
  job?: string;
  namespace?: string;
  policy?: string;
  webhook?: string;
  command?: string;
  secret?: string;
  description?: string;
  list?: boolean;
  delete?: string;
}

const createdSchema = z.object({ subscription: subscriptionViewSchema, secret: z.string() });
const listSchema = z.object({ subscriptions: z.array(subscriptionViewSchema) });
const alertsSchema = z.object({ alerts: z.array(deliverySchema), total: z.number() });

function defined(entries: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(entries).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/** Builds the subscription from flags; zod names the offending part (`rule.job`, `target.url`). */
function parseSubscription(flags: SubscribeFlags) {
  if (!flags.rule) throw new InputError(`--rule is required: one of ${ruleKinds().join(', ')}`, { path: '--rule' });
  if ((flags.webhook === undefined) === (flags.command === undefined)) {
    throw new InputError('give exactly one target: --webhook URL or --command CMD', { path: '--webhook' });
  }
  const input = {
    rule: {
      kind: flags.rule,
      ...defined({ node: flags.node, job: flags.job, namespace: flags.namespace, policy: flags.policy }),
    },
    target:
      flags.webhook !== undefined
        ? { kind: 'webhook', url: flags.webhook }
        : { kind: 'command', command: flags.command },
    ...defined({ secret: flags.secret, description: flags.description }),
  };
  const parsed = subscriptionInputSchema.safeParse(input);
  if (!parsed.success) throw inputErrorFromZod(parsed.error, 'subscription');
  return parsed.data;
}

function ruleKinds(): string[] {
  return ruleSchema.options.map((option) => option.shape.kind.value);
}

function describeRule(view: SubscriptionView): string {
  const { kind, ...rest } = view.rule;
  const args = Object.entries(rest).map(([key, value]) => `${key}=${String(value)}`);
  return args.length ? `${kind} ${args.join(' ')}` : kind;
}

function describeTarget(view: SubscriptionView): string {
  return view.target.kind === 'webhook' ? view.target.url : `$ ${view.target.command}`;
}

/** `rootline subscribe` (create, --list, --delete ID) and `rootline alerts` (the delivery log). */
export function registerSubscribeCommands(program: Command, io: CliIo): void {
  addCommonOptions(
    program
      .command('subscribe')
      .description('subscribe a webhook (or, on a local database, a command) to an alert rule; --list, --delete ID')
      .option('--rule <kind>', `what to watch: ${ruleKinds().join(', ')}`)
      .option('--node <id>', 'assertion_failed_upstream / schema_change_impact: the node to protect')
      .option('--job <id>', 'run_failed: the job')
      .option('--namespace <ns>', 'lineage_gap / leakage / pii_reaches_model: only this namespace')
      .option('--policy <name>', 'policy_violation: only this policy')
      .option('--webhook <url>', 'POST signed JSON alerts here')
      .option('--command <cmd>', 'run this shell command with the alert JSON on stdin (local databases only)')
      .option('--secret <text>', 'HMAC key for the signatures (generated when omitted)')
      .option('--description <text>', 'what it is for')
      .option('--list', 'list subscriptions')
      .option('--delete <id>', 'delete a subscription'),
  ).action(async (flags: SubscribeFlags) => {
    if (flags.list) {
      const views = await withConnection(flags, io, {
        local: async (store) => (await listSubscriptions(store)).map(viewOf),
        server: async (http) => (await http.get('/api/v2/subscriptions', {}, listSchema)).subscriptions,
      });
      io.stdout.write(
        flags.json
          ? `${JSON.stringify(views, null, 2)}\n`
          : `${formatTable(
              ['id', 'rule', 'target', 'created'].map((header) => ({ header })),
              views.map((view) => [view.id, describeRule(view), describeTarget(view), view.createdAt]),
            )}\n`,
      );
      return;
    }
    if (flags.delete !== undefined) {
      const id = flags.delete;
      await withConnection(flags, io, {
        local: (store, actor) => deleteSubscription(store, id, actor),
        server: async (http) => {
          await http.delete(`/api/v2/subscriptions/${encodeURIComponent(id)}`, z.unknown());
        },
      });
      io.stdout.write(flags.json ? `${JSON.stringify({ deleted: id })}\n` : `deleted subscription ${id}\n`);
      return;
    }
    const input = parseSubscription(flags);
    const created = await withConnection(flags, io, {
      local: async (store, actor) => {
        const subscription = await createSubscription(store, input, actor);
        return { subscription: viewOf(subscription), secret: subscription.secret };
      },
      server: async (http) => {
        if (input.target.kind === 'command') {
          throw new InputError('a command target runs on the machine that delivers: only on a local database', {
            path: '--command',
          });
        }
        return http.post('/api/v2/subscriptions', {}, input, createdSchema);
      },
    });
    io.stdout.write(
      flags.json
        ? `${JSON.stringify(created, null, 2)}\n`
        : `subscribed ${created.subscription.id}: ${describeRule(created.subscription)} -> ${describeTarget(created.subscription)}\nsigning secret (shown once): ${created.secret}\n`,
    );
  });

  addCommonOptions(
    program
      .command('alerts')
      .description('the alert delivery log: what was sent where, attempts, last error')
      .option('--status <status>', 'pending, delivered or failed')
      .option('--limit <n>', 'how many (default 50)', '50'),
  ).action(async (flags: CommonOptions & { status?: string; limit: string }) => {
    const status = z.enum(['pending', 'delivered', 'failed']).optional().safeParse(flags.status);
    if (!status.success) throw new InputError('--status must be pending, delivered or failed', { path: '--status' });
    const limit = z.coerce.number().int().min(1).max(1000).safeParse(flags.limit);
    if (!limit.success) throw new InputError('--limit must be a whole number from 1 to 1000', { path: '--limit' });
    const query = { ...(status.data ? { status: status.data } : {}), limit: limit.data };
    const alerts = await withConnection(flags, io, {
      local: async (store) => (await store.active.listDeliveries(query)).items,
      server: async (http) => (await http.get('/api/v2/alerts', query, alertsSchema)).alerts,
    });
    io.stdout.write(
      flags.json
        ? `${JSON.stringify(alerts, null, 2)}\n`
        : `${formatTable(
            ['id', 'status', 'attempts', 'rule', 'summary', 'last error'].map((header) => ({ header })),
            alerts.map((alert) => [
              String(alert.id),
              alert.status,
              String(alert.attempts),
              alert.rule,
              String(alert.payload.summary ?? ''),
              alert.lastError ?? '',
            ]),
          )}\n`,
    );
  });
}
