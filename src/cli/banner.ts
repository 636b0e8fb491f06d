import { randomUUID } from 'node:crypto';
import type { Style } from './format/style.js';

export interface BannerInfo {
  version: string;
  address: string;
  database: string;
  engine: string;
  hasUi: boolean;
  hasMcp: boolean;
  /** What happened to the demo at start: loaded, skipped because data exists, or not asked for. */
  demo: string | null;
  /** Whether the server requires tokens, said at start (the open loopback demo says so). */
  auth?: string;
}

/** A ready-to-paste command that posts one OpenLineage RunEvent to the server. */
export function quickstartCurl(address: string, now: Date = new Date()): string {
  const event = {
    eventType: 'COMPLETE',
    eventTime: now.toISOString(),
    run: { runId: randomUUID() },
    job: { namespace: 'quickstart', name: 'load_daily_orders' },
    inputs: [{ namespace: 'postgres://localhost:5432', name: 'shop.public.orders' }],
    outputs: [{ namespace: 'postgres://localhost:5432', name: 'shop.analytics.daily_orders' }],
    producer: 'https://github.com/rootline/rootline/quickstart',
    schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
  };
  return `curl -sS -X POST ${address}/api/v1/lineage -H 'Content-Type: application/json' -d '${JSON.stringify(event)}'`;
}

/** The start-up banner: where the UI, the APIs, the docs, MCP and the database are, and a first command. */
export function formatBanner(info: BannerInfo, style: Style): string {
  const row = (label: string, value: string): string => `  ${style.dim(label.padEnd(10))}${value}\n`;
  let out = `\n${style.bold(`Rootline ${info.version}`)} is listening on ${style.cyan(info.address)}\n\n`;
  if (info.hasUi) out += row('UI', `${info.address}/`);
  out += row('API', `${info.address}/api/v1 (Marquez-compatible), ${info.address}/api/v2`);
  out += row('API docs', `${info.address}/api/docs`);
  if (info.hasMcp) out += row('MCP', `${info.address}/mcp`);
  out += row('Database', `${info.database} (${info.engine})`);
  if (info.demo) out += row('Demo', info.demo);
  if (info.auth) out += row('Auth', info.auth);
  out += `\nSend an OpenLineage event:\n  ${quickstartCurl(info.address)}\n`;
  out += `\nThen look at it:\n  curl -sS ${info.address}/api/v1/namespaces/quickstart/jobs\n`;
  out += `\nPoint OpenLineage producers here with ${style.bold(`OPENLINEAGE_URL=${info.address}`)}\n`;
  out += style.dim('Press Ctrl+C to stop.\n');
  return out;
}
