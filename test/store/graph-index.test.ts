import { expect, it } from 'vitest';
import { GraphIndex, type IndexedEdgeRow } from '../../src/store/graph-index.js';

/** A feed over rows kept here, as the edges table would hand them out by change sequence. */
function feedOf(rows: IndexedEdgeRow[]) {
  return async (after: number, limit: number) => rows.filter((row) => Number(row[8]) > after).slice(0, limit);
}

// eid, src, dst, kind code, level mask, transformation mask, from ms, to ms, change seq, via.
const edge = (eid: number, src: number, dst: number, fromMs: number, toMs: number | null, seq: number) =>
  [eid, src, dst, 0, 1, 0, fromMs, toMs, seq, null] as const;

it('knows when an edge at each node last opened and last closed, to the second rounded up, across catch-ups', async () => {
  const rows: IndexedEdgeRow[] = [
    edge(1, 0, 1, 100_000, null, 1),
    edge(2, 1, 2, 300_000, 500_000, 2),
    edge(3, 3, 1, 200_000, null, 3),
  ];
  const index = new GraphIndex(feedOf(rows));
  await index.refresh();
  expect([0, 1, 2, 3].map((key) => index.lastOpenedMs(key))).toEqual([100_000, 300_000, 300_000, 200_000]);
  expect([0, 1, 2, 3].map((key) => index.lastClosedMs(key))).toEqual([0, 500_000, 500_000, 0]);
  // Edge 1 closes later, and a new edge opens at node 0 within a second.
  rows.push(edge(1, 0, 1, 100_000, 900_000, 4), edge(4, 0, 4, 700_001, null, 5));
  await index.refresh();
  expect([0, 1, 4].map((key) => index.lastOpenedMs(key))).toEqual([701_000, 300_000, 701_000]);
  expect([0, 1, 4].map((key) => index.lastClosedMs(key))).toEqual([900_000, 900_000, 0]);
  expect(index.lastOpenedMs(99)).toBe(0);
  // Past what seconds in 32 bits hold, a time reads back as infinitely late, never earlier.
  rows.push(edge(5, 5, 6, 5e15, null, 6));
  await index.refresh();
  expect(index.lastOpenedMs(5)).toBe(Number.POSITIVE_INFINITY);
});
