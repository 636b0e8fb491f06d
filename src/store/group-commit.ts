import type { BatchIngestResult, BatchItem, IngestResult } from './store.js';

interface Waiting {
  item: BatchItem;
  resolve: (result: BatchIngestResult) => void;
}

/**
 * Group commit for ingestion: records submitted while a write transaction is running wait in
 * one queue and are applied together by the next transaction (at most `groupSize` at a time),
 * so concurrent one-event requests share a transaction instead of taking one each. A caller's
 * records stay in order and contiguous; each caller learns its own outcomes, after the
 * transaction that holds them committed. When a group fails, its records are replayed one per
 * transaction so only the failing one is reported as failed.
 */
export class GroupCommit {
  private readonly waiting: Waiting[] = [];
  private draining: Promise<void> | null = null;

  constructor(
    private readonly applyGroup: (items: readonly BatchItem[]) => Promise<IngestResult[]>,
    private readonly groupSize: number,
  ) {}

  submit(items: readonly BatchItem[]): Promise<BatchIngestResult[]> {
    const results = items.map(
      (item) => new Promise<BatchIngestResult>((resolve) => this.waiting.push({ item, resolve })),
    );
    this.draining ??= this.drain();
    return Promise.all(results);
  }

  /** Resolves once every record submitted so far is committed (or reported failed). */
  async settle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting.length > 0) {
        // Let requests whose input already arrived reach the queue first, so they share this transaction.
        await new Promise<void>((resolve) => setImmediate(resolve));
        const group = this.waiting.splice(0, this.groupSize);
        const results = await this.applyWithIsolation(group.map((entry) => entry.item));
        for (const [index, entry] of group.entries()) {
          entry.resolve(results[index] ?? { status: 'failed', error: new Error('no result for the record') });
        }
      }
    } finally {
      this.draining = null;
    }
  }

  private async applyWithIsolation(items: readonly BatchItem[]): Promise<BatchIngestResult[]> {
    try {
      return await this.applyGroup(items);
    } catch (groupError) {
      if (items.length === 1) return [{ status: 'failed', error: asError(groupError) }];
      const out: BatchIngestResult[] = [];
      for (const item of items) {
        try {
          const [result] = await this.applyGroup([item]);
          out.push(result ?? { status: 'failed', error: new Error('no result for the record') });
        } catch (error) {
          out.push({ status: 'failed', error: asError(error) });
        }
      }
      return out;
    }
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
