import { describe, expect, it } from 'vitest';
import { InputError } from '../model/errors.js';
import { capList, clip, decodeCursor, describePage, encodeCursor, fitPage } from './budget.js';
import { shortenPath } from './compact.js';
import { toolResult } from './tool-result.js';

const items = Array.from({ length: 100 }, (_, i) => ({ id: `dataset:ns:table_${i}`, note: 'x'.repeat(40) }));

describe('fitPage', () => {
  it('takes items in order until the budget is used, and says how many are left', () => {
    const {
      answer,
      items: page,
      page: info,
    } = fitPage({
      tool: 't',
      args: { q: 'a' },
      base: { q: 'a' },
      listKey: 'things',
      items,
      offset: 0,
      budget: 3_000,
    });
    expect(page.length).toBeGreaterThan(5);
    expect(page.length).toBeLessThan(100);
    expect(page[0]).toEqual(items[0]);
    expect(info).toMatchObject({ offset: 0, returned: page.length, total: 100, remaining: 100 - page.length });
    expect(JSON.stringify(answer).length).toBeLessThanOrEqual(3_000 - 900);
  });

  it('continues where the cursor points and ends without a cursor', () => {
    const args = { q: 'a' };
    const seen: unknown[] = [];
    let offset = 0;
    for (let guard = 0; guard < 100; guard++) {
      const fitted = fitPage({ tool: 't', args, base: {}, listKey: 'things', items, offset, budget: 3_000 });
      seen.push(...fitted.items);
      if (fitted.page.nextCursor === null) break;
      offset = decodeCursor('t', { ...args, cursor: fitted.page.nextCursor }, fitted.page.nextCursor);
    }
    expect(seen).toEqual(items);
  });

  it('returns one item even when that item alone is over the budget, so paging progresses', () => {
    const fitted = fitPage({ tool: 't', args: {}, base: {}, listKey: 'l', items, offset: 0, budget: 10 });
    expect(fitted.items).toHaveLength(1);
    expect(fitted.page.remaining).toBe(99);
  });

  it('counts a store page from its offset when the items are already sliced', () => {
    const fitted = fitPage({
      tool: 't',
      args: {},
      base: {},
      listKey: 'l',
      items: items.slice(50, 60),
      offset: 50,
      total: 100,
      sliced: true,
      budget: 100_000,
    });
    expect(fitted.page).toMatchObject({ offset: 50, returned: 10, remaining: 40 });
    expect(describePage(fitted.page, 'rows')).toMatch(/^Showing rows 51-60 of 100; 40 more left out/);
  });
});

describe('cursors', () => {
  it('bind to the tool and the other arguments', () => {
    const cursor = encodeCursor('search_assets', { query: 'a', kinds: ['dataset'] }, 40);
    expect(decodeCursor('search_assets', { kinds: ['dataset'], query: 'a', cursor }, cursor)).toBe(40);
    expect(() => decodeCursor('get_lineage', { query: 'a', kinds: ['dataset'] }, cursor)).toThrow(InputError);
    expect(() => decodeCursor('search_assets', { query: 'b', kinds: ['dataset'] }, cursor)).toThrow(/same arguments/);
    expect(() => decodeCursor('search_assets', {}, '%%%')).toThrow(/without cursor/);
  });
});

describe('compaction', () => {
  it('clips long text and caps lists, saying how many were dropped', () => {
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(capList([1, 2, 3], 2)).toEqual({ items: [1, 2], more: 1 });
  });

  it('shortens long paths keeping both ends', () => {
    const path = Array.from({ length: 20 }, (_, i) => `n${i}`);
    expect(shortenPath(path, 6)).toEqual(['n0', 'n1', '…15 more hops…', 'n17', 'n18', 'n19']);
    expect(shortenPath(['a', 'b'])).toEqual(['a', 'b']);
  });

  it('shortens an over-long summary in the middle and keeps the paging sentence', () => {
    const tail =
      ' Showing items 1-10 of 99; 89 more left out to stay within the size budget: call again with cursor "c".';
    const result = toolResult({}, `${'word '.repeat(400)}.${tail}`);
    const text = result.content[0]?.type === 'text' ? result.content[0].text : '';
    expect(text.length).toBeLessThanOrEqual(880);
    expect(text.endsWith(tail)).toBe(true);
  });
});
