import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Store } from '../store/store.js';
import { DEFAULT_BUDGET } from './budget.js';
import { registerNodeResource } from './node-resource.js';
import { registerPrompts } from './prompts.js';
import type { ToolContext } from './tool-context.js';
import { registerCheckLeakageTool } from './tools/check-leakage.js';
import { registerDetectDriftTool } from './tools/detect-drift.js';
import { registerExplainSqlLineageTool } from './tools/explain-sql-lineage.js';
import { registerGetAssetTool } from './tools/get-asset.js';
import { registerGetLineageTool } from './tools/get-lineage.js';
import { registerImpactAnalysisTool } from './tools/impact-analysis.js';
import { registerLineageDiffTool } from './tools/lineage-diff.js';
import { registerLineageHealthTool } from './tools/lineage-health.js';
import { registerRootCauseTool } from './tools/root-cause.js';
import { registerSearchAssetsTool } from './tools/search-assets.js';
import { registerTracePredictionTool } from './tools/trace-prediction.js';

export interface CreateMcpServerOptions {
  store: Store;
  /** Most characters of serialized output per tool answer (default 8,000). */
  budget?: number;
  /** The server's version, reported to clients. */
  version?: string;
}

const INSTRUCTIONS =
  'Rootline answers lineage questions about datasets, columns, jobs, ML features, training sets, model versions, ' +
  'deployments and predictions. Start with search_assets to find node ids, then pass ids exactly as returned. ' +
  'Answers are compact: when page.nextCursor is set, more items exist; call the same tool with the same arguments ' +
  'and that cursor to read them.';

/**
 * Builds the Rootline MCP server over a store: the ten lineage tools, the `rootline://node/{id}`
 * resource and the investigation prompts. A thin adapter: every answer comes from the same
 * analysis functions as the HTTP API and the CLI. Connect it to any transport.
 */
export function createMcpServer(options: CreateMcpServerOptions): McpServer {
  const server = new McpServer(
    { name: 'rootline', title: 'Rootline lineage', version: options.version ?? '0.1.0' },
    { instructions: INSTRUCTIONS },
  );
  const context: ToolContext = { store: options.store, budget: options.budget ?? DEFAULT_BUDGET };
  registerSearchAssetsTool(server, context);
  registerGetAssetTool(server, context);
  registerGetLineageTool(server, context);
  registerImpactAnalysisTool(server, context);
  registerRootCauseTool(server, context);
  registerTracePredictionTool(server, context);
  registerCheckLeakageTool(server, context);
  registerExplainSqlLineageTool(server, context);
  registerLineageDiffTool(server, context);
  registerLineageHealthTool(server, context);
  registerDetectDriftTool(server, context);
  registerNodeResource(server, context);
  registerPrompts(server);
  return server;
}
