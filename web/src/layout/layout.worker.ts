import type { LayoutRequest, LayoutResponse } from './layout-types.js';
import { runLayout } from './run-layout.js';

function handle(event: MessageEvent<LayoutRequest>): void {
  const { requestId, input, engine } = event.data;
  runLayout(input, engine).then(
    (result) => self.postMessage({ requestId, ok: true, result } satisfies LayoutResponse),
    (error: unknown) =>
      self.postMessage({
        requestId,
        ok: false,
        message: error instanceof Error ? error.message : String(error),
      } satisfies LayoutResponse),
  );
}

self.onmessage = handle;

// Start loading ELK while the first, fast layout is drawn; it refines that layout. elk.bundled
// installs its own message handler when it is evaluated in a worker, so ours goes back after.
void import('./elk-layout.js').then(() => {
  self.onmessage = handle;
});
