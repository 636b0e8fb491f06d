export interface PerfRecord {
  name: string;
  ms: number;
  count: number;
  at: number;
}

declare global {
  interface Window {
    /** Figures of the last loads, read by the UI benchmark (bench/ui). */
    __rootlinePerf?: PerfRecord[];
  }
}

/** Records a timing (data load, layout, render) where the benchmark can read it. */
export function markPerf(name: string, ms: number, count: number): void {
  window.__rootlinePerf ??= [];
  window.__rootlinePerf.push({ name, ms, count, at: performance.now() });
}
