import { readIncidentFeed, readIncidentsById, type WrittenIncident } from './active/incident-table.js';
import type { Incident } from './active-store.js';
import { SingleFlight } from './single-flight.js';
import type { SqlExecutor } from './sql-driver.js';

/** When an incident was open and on which node; the whole incident only while it is open. */
interface IncidentEntry {
  nodeId: string;
  openedAt: string;
  resolvedAt: string | null;
  /** Resolved incidents are read back when cited: their notes can be long, and most are never cited again. */
  open: Incident | null;
}

/**
 * Every incident's node and open interval, in memory, so root cause finds the incidents open
 * upstream of a node without a query. Kept exact across processes like the activity index: every
 * write of an incident takes the next `incidents.row_seq` under the write lock, and `refresh()`
 * reads the rows past the last one seen, skipped when the watermark says none was written.
 */
export class IncidentIndex {
  private readonly entries = new Map<string, IncidentEntry>();
  private lastSeq = -1;
  private readonly refreshing = new SingleFlight(() => this.pull());

  constructor(private readonly db: SqlExecutor) {}

  /** Catches up with the incidents written since the last refresh; nothing to read when `upTo` (the newest `row_seq`) was seen. */
  refresh(upTo?: number): Promise<void> {
    return this.refreshing.runUnless(upTo !== undefined && upTo <= this.lastSeq);
  }

  /** How many incidents it holds, open or resolved. */
  get size(): number {
    return this.entries.size;
  }

  /** Resolves when no refresh is running (errors go to the refresh's own caller). */
  settle(): Promise<void> {
    return this.refreshing.settle();
  }

  /**
   * The incidents open at `at` (opened by then and not resolved by then) on the nodes `on`
   * accepts, newest first (call {@link refresh} first). Resolved ones are read from the database.
   */
  async openAt(at: string, on: (nodeId: string) => boolean): Promise<Incident[]> {
    const found: Incident[] = [];
    const resolved: string[] = [];
    for (const [id, entry] of this.entries) {
      if (entry.openedAt > at || (entry.resolvedAt !== null && entry.resolvedAt <= at) || !on(entry.nodeId)) continue;
      if (entry.open) found.push(entry.open);
      else resolved.push(id);
    }
    if (resolved.length > 0) found.push(...(await readIncidentsById(this.db, resolved)));
    return found.sort((a, b) => b.openedAt.localeCompare(a.openedAt) || a.id.localeCompare(b.id));
  }

  private async pull(): Promise<void> {
    const written = await readIncidentFeed(this.db, this.lastSeq < 0 ? null : this.lastSeq);
    this.lastSeq = Math.max(this.lastSeq, 0);
    for (const entry of written) this.put(entry);
  }

  private put({ incident, rowSeq }: WrittenIncident): void {
    this.entries.set(incident.id, {
      nodeId: incident.nodeId,
      openedAt: incident.openedAt,
      resolvedAt: incident.resolvedAt,
      open: incident.status === 'open' ? incident : null,
    });
    this.lastSeq = Math.max(this.lastSeq, rowSeq);
  }
}
