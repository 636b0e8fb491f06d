import type { LayoutRequest, LayoutResponse } from './layout-types.js';
import { runLayout } from './run-layout.js';

// elk.bundled installs its own message handler when loaded in a worker; ours replaces it after
// the import, and ELK keeps running on its in-thread fake worker.
self.onmessage = (event: MessageEvent<LayoutRequest>) => {
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
};

// Start fetching and compiling ELK while the first, fast layout is drawn; it refines that layout.
void import('./elk-layout.js');
