import type { Command } from 'commander';
import { z } from 'zod';
import { mentionsOf } from '../../server/routes/audit.js';
import type { StoredEvent } from '../../store/store.js';
import { addCommonOptions, type CommonOptions } from '../connection.js';
import { formatTable } from '../format/table.js';
import type { CliIo } from '../io.js';
import { parseIntegerFlag, parseTimeFlag } from '../parse-flags.js';
import { withConnection } from '../with-connection.js';

interface AuditOptions extends CommonOptions {
  actor?: string;
  node?: string;
  since?: string;
  until?: string;
  limit: string;
}

const recordSchema = z.object({
  seq: z.number(),
  source: z.string(),
  actor: z.string().nullable(),
  receivedAt: z.string(),
  action: z.string().nullable(),
  hash: z.string(),
  pruned: z.boolean(),
});
type AuditRecord = z.infer<typeof recordSchema>;

function toRecord(event: StoredEvent): AuditRecord {
  const payload = event.payload;
  let action: string | null = null;
  if (payload !== null && typeof payload === 'object') {
    if ('action' in payload && typeof payload.action === 'string') action = payload.action;
    else if ('eventType' in payload) action = String(payload.eventType);
  }
  return {
    seq: event.seq,
    source: event.source,
    actor: event.actor,
    receivedAt: event.receivedAt,
    action,
    hash: event.hash,
    pruned: event.prunedBy !== undefined,
  };
}

/** `rootline audit`: who wrote, changed or read what, from the hash-chained event log. */
export function registerAuditCommand(program: Command, io: CliIo): void {
  addCommonOptions(
    program
      .command('audit')
      .description('list event-log records (writes, admin actions, PII reads) with their actor, newest first')
      .option('--actor <id>', 'only records of this token id (or cli:USER for local work)')
      .option('--node <id>', 'only records whose payload names this node')
      .option('--since <time>', 'ISO time or a duration ago such as 7d')
      .option('--until <time>', 'ISO time or a duration ago')
      .option('--limit <n>', 'most records to list', '100'),
  ).action(async (options: AuditOptions) => {
    const limit = parseIntegerFlag(options.limit, '--limit', 1, 10_000);
    const since = options.since ? parseTimeFlag(options.since, '--since') : undefined;
    const until = options.until ? parseTimeFlag(options.until, '--until') : undefined;
    const result = await withConnection(
      options,
      io,
      {
        local: async (store) => {
          const page = await store.listEvents({
            order: 'desc',
            limit,
            ...(options.actor ? { actor: options.actor } : {}),
            ...(since ? { after: since } : {}),
            ...(until ? { before: until } : {}),
            ...(options.node ? { mentions: mentionsOf(options.node) } : {}),
          });
          return { records: page.items.map(toRecord), total: page.total };
        },
        server: (http) =>
          http.get(
            '/api/v2/audit',
            { actor: options.actor, node: options.node, since, until, limit },
            z.object({ records: z.array(recordSchema), total: z.number() }),
          ),
      },
      { mustExist: true },
    );
    if (options.json) {
      io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return;
    }
    const rows = result.records.map((r) => [
      String(r.seq),
      r.receivedAt.slice(0, 19),
      r.source,
      r.action ?? '',
      r.actor ?? '(open)',
      r.pruned ? 'pruned' : '',
    ]);
    io.stdout.write(
      `${formatTable(
        [
          { header: 'seq', align: 'right' },
          { header: 'received' },
          { header: 'source' },
          { header: 'action' },
          { header: 'actor' },
          { header: '' },
        ],
        rows,
      )}\n${result.records.length} of ${result.total} records\n`,
    );
  });
}
