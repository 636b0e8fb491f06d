import { createContext, useContext } from 'react';

/** What a card can ask the lineage view to do; provided once so node data stays plain values. */
export interface LineageActions {
  expand(side: 'up' | 'down', id: string): void;
  collapse(side: 'up' | 'down', id: string): void;
  selectColumn(id: string | null): void;
  select(id: string): void;
  refocus(id: string): void;
}

const noop = () => undefined;

export const LineageActionsContext = createContext<LineageActions>({
  expand: noop,
  collapse: noop,
  selectColumn: noop,
  select: noop,
  refocus: noop,
});

export const useLineageActions = (): LineageActions => useContext(LineageActionsContext);
