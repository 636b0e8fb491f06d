import type { Card } from '../../graph/lineage-types.js';

export const CARD_WIDTH = 264;
export const HEADER_HEIGHT = 58;
export const COLUMN_HEIGHT = 26;
const COLUMNS_PADDING = 8;

/** The drawn size of a card: a header, plus one row per listed column. Layout and view share it. */
export function cardSize(card: Pick<Card, 'columns'>): { width: number; height: number } {
  const columns = card.columns.length;
  return { width: CARD_WIDTH, height: HEADER_HEIGHT + (columns > 0 ? COLUMNS_PADDING + columns * COLUMN_HEIGHT : 0) };
}
