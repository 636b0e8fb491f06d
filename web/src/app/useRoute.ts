import { useCallback, useSyncExternalStore } from 'react';
import { type ParamValue, parseHash, type Route, withParams } from './url-state.js';

function subscribe(callback: () => void): () => void {
  window.addEventListener('hashchange', callback);
  return () => window.removeEventListener('hashchange', callback);
}

const readHash = () => window.location.hash;

/** The current hash route; re-renders on navigation. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, readHash);
  return parseHash(hash);
}

/** Goes to a hash (a new history entry unless `replace`). */
export function navigate(hash: string, options: { replace?: boolean } = {}): void {
  if (options.replace) {
    window.history.replaceState(null, '', hash);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = hash;
  }
}

/** A setter for params of the current route: view state lives in the URL so links share it. */
export function useSetParams(): (changes: Record<string, ParamValue>, options?: { replace?: boolean }) => void {
  return useCallback((changes, options) => {
    navigate(withParams(parseHash(window.location.hash), changes), options);
  }, []);
}
