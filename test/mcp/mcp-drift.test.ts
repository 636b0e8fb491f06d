import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { logDriftingPredictions } from '../active/drifting-predictions.js';
import { ids, seedChurnGraph } from '../analysis/churn-graph.js';
import { T } from '../store/builders.js';
import { callTool, connectInMemory, structured, textOf } from './connect.js';

let store: Store;
let call: (name: string, args: Record<string, unknown>) => ReturnType<typeof callTool>;
let close: () => Promise<void>;

beforeAll(async () => {
  store = await openStore({ db: ':memory:' });
  await seedChurnGraph(store);
  await logDriftingPredictions(store);
  const connected = await connectInMemory(store);
  call = (name, args) => callTool(connected.client, name, args);
  close = connected.close;
});

afterAll(async () => {
  await close();
  await store.close();
});

const findings = z.array(
  z.object({
    kind: z.string(),
    node: z.string(),
    name: z.string(),
    drifted: z.boolean(),
    sources: z.array(z.string()),
  }),
);

it('names the drifted feature of a deployment first, with the raw columns it comes from', async () => {
  const result = await call('detect_drift', { node: ids.deployment, since: T(20), until: T(23) });
  expect(result.isError).toBeFalsy();
  const [first, ...rest] = findings.parse(structured(result).findings);
  expect(first).toMatchObject({ kind: 'feature', node: ids.deployment, name: 'age', drifted: true });
  expect(first?.sources).toContain(ids.crmAge);
  expect(rest.find((finding) => finding.name === 'tenure')?.drifted).toBe(false);
  expect(structured(result).drifted).toBe(1);
  expect(textOf(result)).toMatch(/^1 of 2 feature\(s\) or column\(s\) drifted/);
});

it('looks at every deployment when no node is named, and says when a window has nothing to compare', async () => {
  const all = await call('detect_drift', { since: T(20), until: T(23) });
  expect(findings.parse(structured(all).findings).map((finding) => finding.node)).toContain(ids.deployment);
  const empty = await call('detect_drift', { node: ids.deployment, since: T(4), until: T(5) });
  expect(empty.isError).toBeFalsy();
  expect(structured(empty).drifted).toBe(0);
});

it('answers a bad node or window as a tool error naming the argument', async () => {
  const job = await call('detect_drift', { node: 'job:etl:nope', since: '7d' });
  expect(job.isError).toBe(true);
  const window = await call('detect_drift', { since: '7x' });
  expect(window.isError).toBe(true);
  expect(textOf(window)).toContain('since');
});
