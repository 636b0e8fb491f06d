import { z } from 'zod';
import { InputError } from '../../model/errors.js';
import type { Prediction } from '../../store/prediction-log.js';
import type { Store, StoredEvent } from '../../store/store.js';
import { EVENT_SOURCES } from '../event-sources.js';
import { replayRecord } from './replay-record.js';

const PAGE = 1_000;

/** One line of an export: an event-log record or a logged prediction. */
export type ExportLine = ({ kind: 'event' } & StoredEvent) | ({ kind: 'prediction' } & Prediction);

/**
 * Writes the whole event log in sequence order, then the prediction log, one JSON object per
 * line. The records keep their original headers and hashes, so the import is the same chain.
 */
export async function exportLog(
  store: Store,
  write: (line: string) => void | Promise<void>,
): Promise<{ events: number; predictions: number }> {
  let events = 0;
  for (let offset = 0; ; offset += PAGE) {
    const page = await store.listEvents({ order: 'asc', limit: PAGE, offset });
    for (const event of page.items) await write(`${JSON.stringify({ kind: 'event', ...event })}\n`);
    events += page.items.length;
    if (page.items.length < PAGE) break;
  }
  let predictions = 0;
  for (let offset = 0; ; offset += PAGE) {
    const page = await store.predictions.list({ limit: PAGE, offset });
    for (const prediction of page.items) await write(`${JSON.stringify({ kind: 'prediction', ...prediction })}\n`);
    predictions += page.items.length;
    if (page.items.length < PAGE) break;
  }
  return { events, predictions };
}

const eventLine = z.object({
  kind: z.literal('event'),
  seq: z.number().int().positive(),
  source: z.enum(EVENT_SOURCES),
  actor: z.string().nullable(),
  eventTime: z.string().nullable(),
  receivedAt: z.string(),
  payload: z.unknown(),
  payloadHash: z.string(),
  prevHash: z.string(),
  hash: z.string(),
  prunedBy: z.number().int().positive().optional(),
});
const predictionLine = z.object({
  kind: z.literal('prediction'),
  id: z.string(),
  deployment: z.string(),
  modelVersion: z.string(),
  time: z.string(),
  features: z.record(z.string(), z.unknown()),
  output: z.unknown(),
});
const line = z.discriminatedUnion('kind', [eventLine, predictionLine]);

export interface ImportSummary {
  events: number;
  predictions: number;
  /** Records kept in the chain whose graph change could not be re-derived (see {@link replayRecord}). */
  notReplayed: { seq: number; source: string }[];
  /**
   * Alert subscriptions restored from the log with a new signing secret (the log never holds
   * secrets): give each receiver its new one.
   */
  subscriptions: { id: string; secret: string }[];
}

/**
 * Imports an export into an empty database: each record is re-applied through the ingest path of
 * its source and appended with its original header, so the chain verifies and the graph matches.
 */
export async function importLog(store: Store, lines: AsyncIterable<string> | Iterable<string>): Promise<ImportSummary> {
  const summary: ImportSummary = { events: 0, predictions: 0, notReplayed: [], subscriptions: [] };
  let pending: Prediction[] = [];
  let number = 0;
  for await (const text of lines) {
    number += 1;
    if (text.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new InputError(`line ${number} is not JSON: ${(error as Error).message}`, { path: `line[${number}]` });
    }
    const parsed = line.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InputError(
        `line ${number}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'is not an export record'}`,
        {
          path: `line[${number}]`,
        },
      );
    }
    const value = parsed.data;
    if (value.kind === 'event') {
      const { kind: _kind, ...record } = value;
      const replay = await replayRecord(store, record);
      await store.importRecord(record, replay.mutation);
      if (!replay.replayed) summary.notReplayed.push({ seq: record.seq, source: record.source });
      summary.events += 1;
    } else {
      const { kind: _kind, ...prediction } = value;
      pending.push(prediction);
      if (pending.length >= PAGE) {
        await store.predictions.append(pending);
        summary.predictions += pending.length;
        pending = [];
      }
    }
  }
  if (pending.length > 0) {
    await store.predictions.append(pending);
    summary.predictions += pending.length;
  }
  summary.subscriptions = (await store.active.listSubscriptions()).map(({ id, secret }) => ({ id, secret }));
  return summary;
}
