import { EventEmitter } from 'node:events';
import type { IngestedRecord } from './evaluate-rules.js';

/** What `GET /api/v2/events/stream` announces. */
export type LiveEvent =
  | { type: 'run'; runId: string; job: string; state: string; at: string; seq: number }
  | { type: 'version'; dataset: string; version: string; at: string; seq: number }
  | { type: 'assertion'; node: string; assertion: string; status: string; at: string; seq: number }
  | { type: 'incident'; id: string; node: string; status: string; title: string; at: string }
  | { type: 'alert'; subscription: string; rule: string; summary: string; at: string };

/** An in-process fan-out of {@link LiveEvent}s to the open event streams. */
export class LiveEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every open browser tab is one listener.
    this.emitter.setMaxListeners(0);
  }

  publish(event: LiveEvent): void {
    this.emitter.emit('event', event);
  }

  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  /** Announces the runs, versions and assertion results of accepted records. */
  publishIngested(records: readonly IngestedRecord[]): void {
    for (const { seq, mutation } of records) {
      for (const run of mutation.runs) {
        this.publish({ type: 'run', runId: run.runId, job: run.jobId, state: run.eventType, at: run.eventTime, seq });
      }
      for (const version of mutation.datasetVersions) {
        this.publish({
          type: 'version',
          dataset: version.datasetId,
          version: version.version,
          at: version.createdAt,
          seq,
        });
      }
      for (const result of mutation.assertionResults) {
        this.publish({
          type: 'assertion',
          node: result.nodeId,
          assertion: result.assertion,
          status: result.status,
          at: result.at,
          seq,
        });
      }
    }
  }
}
