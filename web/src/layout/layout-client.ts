import type { LayoutEngine, LayoutInput, LayoutResponse, LayoutResult } from './layout-types.js';

/**
 * Sends layouts to one long-lived Web Worker so the main thread stays free while ELK works.
 * Only the latest request of a caller matters; older answers still resolve and callers ignore them.
 */
export function createLayoutClient(): {
  layout(input: LayoutInput, engine?: LayoutEngine | 'auto'): Promise<LayoutResult>;
  /** Starts the worker ahead of the first layout, so its start-up overlaps the data load. */
  warm(): void;
} {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (r: LayoutResult) => void; reject: (e: Error) => void }>();
  const start = (): Worker => {
    const created = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
    created.onmessage = (event: MessageEvent<LayoutResponse>) => {
      const waiter = pending.get(event.data.requestId);
      if (!waiter) return;
      pending.delete(event.data.requestId);
      if (event.data.ok) waiter.resolve(event.data.result);
      else waiter.reject(new Error(`layout failed: ${event.data.message}`));
    };
    created.onerror = (event) => {
      for (const waiter of pending.values()) waiter.reject(new Error(`layout worker crashed: ${event.message}`));
      pending.clear();
      worker = null;
    };
    return created;
  };
  return {
    warm() {
      worker ??= start();
    },
    layout(input, engine = 'auto') {
      worker ??= start();
      const requestId = nextId++;
      const active = worker;
      return new Promise((resolve, reject) => {
        pending.set(requestId, { resolve, reject });
        active.postMessage({ requestId, input, engine });
      });
    },
  };
}
