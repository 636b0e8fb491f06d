import type { Writer } from '../io.js';
import { formatCount } from './table.js';

export interface Progress {
  update(done: number): void;
  finish(): void;
}

const WIDTH = 28;
const NO_PROGRESS: Progress = { update: () => undefined, finish: () => undefined };

/**
 * A one-line progress bar with count and rate, redrawn in place on stderr. Only on a terminal:
 * piped output and tests get nothing, so logs stay clean.
 */
export function createProgress(
  out: Writer,
  options: { total: number; label: string; enabled: boolean; now?: () => number },
): Progress {
  if (!options.enabled || options.total === 0) return NO_PROGRESS;
  const now = options.now ?? Date.now;
  const started = now();
  let lastDraw = 0;
  const draw = (done: number): void => {
    const elapsed = Math.max(1, now() - started) / 1000;
    const ratio = Math.min(1, done / options.total);
    const filled = Math.round(ratio * WIDTH);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}`;
    const rate = formatCount(done / elapsed);
    out.write(
      `\r${options.label} ${bar} ${formatCount(done)}/${formatCount(options.total)} (${Math.round(ratio * 100)}%, ${rate}/s) `,
    );
  };
  return {
    update(done) {
      const t = now();
      if (t - lastDraw < 80 && done < options.total) return;
      lastDraw = t;
      draw(done);
    },
    finish() {
      out.write('\r\u001b[2K');
    },
  };
}
