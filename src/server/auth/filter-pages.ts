import type { Page, PageQuery } from '../../store/store.js';
import type { Access } from './access.js';

const SCAN_PAGE = 1_000;
/** Most rows one scoped listing scans; past it the answer covers the newest rows only. */
const SCAN_LIMIT = 200_000;

/**
 * A page of a listing the store cannot filter by namespace itself, for a namespace-scoped token:
 * reads the listing a chunk at a time, keeps what the token may see, and pages and counts that,
 * so totals never include hidden rows. Unscoped access reads the page directly.
 */
export async function filterPages<T>(
  access: Access,
  fetch: (page: Required<PageQuery>) => Promise<Page<T>>,
  keep: (item: T) => boolean,
  page: PageQuery | undefined,
): Promise<Page<T>> {
  const limit = page?.limit ?? 100;
  const offset = page?.offset ?? 0;
  if (access.namespaces === null) return fetch({ limit, offset });
  const kept: T[] = [];
  for (let scanned = 0; scanned < SCAN_LIMIT; scanned += SCAN_PAGE) {
    const chunk = await fetch({ limit: SCAN_PAGE, offset: scanned });
    for (const item of chunk.items) if (keep(item)) kept.push(item);
    if (chunk.items.length < SCAN_PAGE || scanned + SCAN_PAGE >= chunk.total) break;
  }
  return { items: kept.slice(offset, offset + limit), total: kept.length };
}
