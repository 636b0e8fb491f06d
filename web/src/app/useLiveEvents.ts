import { useEffect, useState } from 'react';

/** What the server announces on `GET /api/v2/events/stream`. */
export type LiveEventType = 'run' | 'version' | 'assertion' | 'incident' | 'alert';

const TYPES: readonly LiveEventType[] = ['run', 'version', 'assertion', 'incident', 'alert'];
const listeners = new Set<(type: LiveEventType) => void>();
let source: EventSource | null = null;

function connect(): void {
  if (source || typeof EventSource === 'undefined') return;
  const opened = new EventSource('/api/v2/events/stream');
  for (const type of TYPES) {
    opened.addEventListener(type, () => {
      for (const listener of [...listeners]) listener(type);
    });
  }
  source = opened;
}

function disconnectWhenUnused(): void {
  if (listeners.size > 0 || !source) return;
  source.close();
  source = null;
}

/**
 * Calls `listener` for each live event of the given types; one EventSource is shared by every
 * listener of the page and closed when the last one goes. Returns the unsubscribe function.
 */
export function onLiveEvent(types: readonly LiveEventType[], listener: () => void): () => void {
  const wanted = new Set(types);
  const filtered = (type: LiveEventType) => {
    if (wanted.has(type)) listener();
  };
  listeners.add(filtered);
  connect();
  return () => {
    listeners.delete(filtered);
    disconnectWhenUnused();
  };
}

/**
 * A counter that goes up when the server announces an event of one of `types` (at most once per
 * `delayMs`, so a burst of events is one refetch). Put it in a data hook's dependencies and the
 * view reloads without a page reload.
 */
export function useLiveEvents(types: readonly LiveEventType[], delayMs = 1_000): number {
  const [version, setVersion] = useState(0);
  const key = types.join(',');
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const wanted = key.split(',').filter((type): type is LiveEventType => TYPES.some((known) => known === type));
    const stop = onLiveEvent(wanted, () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        setVersion((value) => value + 1);
      }, delayMs);
    });
    return () => {
      stop();
      if (timer) clearTimeout(timer);
    };
  }, [key, delayMs]);
  return version;
}
