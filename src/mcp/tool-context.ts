import type { Store } from '../store/store.js';

/** What every tool, resource and prompt registration receives. */
export interface ToolContext {
  store: Store;
  /** Most characters of serialized output (structured JSON plus summary) one answer may use. */
  budget: number;
}
