import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPolicy } from '../../src/active/check-policy.js';
import { parsePolicyText } from '../../src/active/policy-schema.js';
import { InputError } from '../../src/model/errors.js';
import { createApp } from '../../src/server/app.js';
import { openStore } from '../../src/store/open-store.js';
import { ids, seedChurnGraph } from '../analysis/churn-graph.js';
import { rootline, tempDir } from '../helpers/cli.js';
import { forEachEngine } from '../helpers/stores.js';
import { eventually, startReceiver } from './receiver.js';

const POLICY = `
version: 1
rules:
  - name: nobody-reads-raw-crm
    kind: no_job_reads
    dataset: "${ids.crm}"
  - name: owned-upstream
    kind: deployments_trace_to_owned_datasets
  - name: fv-lineage
    kind: column_lineage_to_sources
    featureView: "${ids.fv}"
  - name: no-pii-models
    kind: no_derived_pii_in_models
  - name: clean-training-sets
    kind: no_leakage
`;

forEachEngine('lineage policies', (getStore) => {
  it('names the rule, the nodes and the path of each violation', async () => {
    const store = getStore();
    await seedChurnGraph(store);
    const report = await checkPolicy(store, parsePolicyText(POLICY));
    expect(report.ok).toBe(false);
    const reads = report.violations.filter((v) => v.rule === 'nobody-reads-raw-crm');
    expect(reads).toEqual([expect.objectContaining({ nodes: [ids.load, ids.crm], path: [ids.crm, ids.load] })]);
    const unowned = report.violations.find((v) => v.rule === 'owned-upstream' && v.nodes[0] === ids.billing);
    expect(unowned?.path[0]).toBe(ids.billing);
    expect(unowned?.path.at(-1)).toBe(ids.deployment);
    expect(report.violations.filter((v) => v.rule === 'fv-lineage')).toEqual([]);
    expect(report.violations.filter((v) => v.rule === 'no-pii-models')).toEqual([]);
  });

  it('reports feature-view fields without column-level lineage to a source', async () => {
    const store = getStore();
    await seedChurnGraph(store);
    const policy = parsePolicyText(
      `rules:\n  - name: billing-lineage\n    kind: column_lineage_to_sources\n    featureView: "${ids.billing}"\n`,
    );
    const report = await checkPolicy(store, policy);
    expect(report.violations.map((v) => v.nodes[0]).sort()).toEqual(
      [ids.billingChurned, `${ids.billing.replace('dataset:', 'datasetField:')}:customer_id`].sort(),
    );
  });
});

describe('policy files', () => {
  it('rejects invalid rules with the path of the error', () => {
    const wrong = (text: string) => {
      try {
        parsePolicyText(text, 'p.yaml');
      } catch (error) {
        if (error instanceof InputError) return error.path;
        throw error;
      }
      throw new Error('accepted');
    };
    expect(wrong('rules:\n  - name: a\n    kind: sometimes\n')).toBe('p.yaml.rules[0].kind');
    expect(wrong('rules:\n  - name: a\n    kind: no_job_reads\n    dataset: job:x:y\n')).toBe(
      'p.yaml.rules[0].dataset',
    );
    expect(wrong('rules:\n  - name: a\n    kind: no_leakage\n    extra: 1\n')).toBe('p.yaml.rules[0]');
    expect(wrong('rules:\n  - name: a\n    kind: no_leakage\n  - name: a\n    kind: no_leakage\n')).toBe(
      'p.yaml.rules[1].name',
    );
    expect(wrong('rules: [\n')).toBe('p.yaml');
    expect(wrong('rules: []\n')).toBe('p.yaml.rules');
  });

  it('rootline check exits 1 on a violation, 0 when clean and 2 on an invalid policy', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const db = join(dir, 'r.db');
      const store = await openStore({ db });
      await seedChurnGraph(store);
      await store.close();
      writeFileSync(join(dir, 'bad.yaml'), POLICY);
      writeFileSync(
        join(dir, 'good.yaml'),
        `rules:\n  - name: fv\n    kind: column_lineage_to_sources\n    featureView: "${ids.fv}"\n`,
      );
      writeFileSync(join(dir, 'invalid.yaml'), 'rules:\n  - kind: no_job_reads\n');
      const violated = await rootline(['check', join(dir, 'bad.yaml'), '--db', db]);
      expect(violated.code).toBe(1);
      expect(violated.stdout).toContain('nobody-reads-raw-crm');
      expect((await rootline(['check', join(dir, 'good.yaml'), '--db', db])).code).toBe(0);
      const invalid = await rootline(['check', join(dir, 'invalid.yaml'), '--db', db]);
      expect(invalid.code).toBe(2);
      expect(invalid.stderr).toContain('rules[0]');
    } finally {
      cleanup();
    }
  });

  it('the server checks its policy continuously and delivers violations to policy subscriptions', async () => {
    const receiver = await startReceiver([200]);
    const store = await openStore({ db: ':memory:' });
    await seedChurnGraph(store);
    const app = await createApp({
      store,
      active: { policy: parsePolicyText(POLICY), policyIntervalMs: 10, delivery: { pollMs: 20, backoffMs: 20 } },
    });
    try {
      const created = await app.inject({
        method: 'POST',
        url: '/api/v2/subscriptions',
        payload: {
          rule: { kind: 'policy_violation', policy: 'nobody-reads-raw-crm' },
          target: { kind: 'webhook', url: receiver.url },
        },
      });
      expect(created.statusCode).toBe(201);
      await app.inject({
        method: 'POST',
        url: '/api/v1/lineage',
        payload: {
          eventType: 'COMPLETE',
          eventTime: '2026-02-01T00:00:00.000Z',
          run: { runId: '3f9c2a4e-5b1d-4c7e-9a8f-0123456789ad' },
          job: { namespace: 'etl', name: 'peek' },
          inputs: [{ namespace: 'postgres://crm:5432', name: 'crm.customers' }],
          outputs: [],
          producer: 'https://example.com/p',
          schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
        },
      });
      const bodies = await eventually(async () => (receiver.received.length >= 2 ? receiver.received : undefined));
      const rules = bodies.map((body) => JSON.parse(body.body).evidence.nodes[0]).sort();
      expect(rules).toEqual(['job:etl:load_customers', 'job:etl:peek']);
      const checked = await app.inject({
        method: 'POST',
        url: '/api/v2/policy/check',
        payload: { rules: [{ name: 'x', kind: 'nope' }] },
      });
      expect(checked.statusCode).toBe(400);
      expect(checked.json().error.path).toBe('body.rules[0].kind');
      expect((await app.inject({ url: '/api/v2/policy' })).json().ok).toBe(false);
    } finally {
      await app.close();
      await store.close();
      await receiver.close();
    }
  });
});
