import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { CHURN_DEPLOYMENT, CHURN_TRAINING_SET } from '../../src/demo/steps/churn-model.js';
import { rootline, tempDir } from '../helpers/cli.js';

it('the demo, loaded with the CLI, raises the planted leakage as an alert and logs predictions for drift', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const db = join(dir, 'r.db');
    const out = join(dir, 'alerts.ndjson');
    const subscribed = await rootline([
      'subscribe',
      '--rule',
      'leakage',
      '--command',
      `cat >> '${out}'; echo >> '${out}'`,
      '--db',
      db,
    ]);
    expect(subscribed.code).toBe(0);
    expect((await rootline(['demo', '--force', '--db', db, '--now', '2026-10-10T12:00:00.000Z'])).code).toBe(0);
    const alerts = readFileSync(out, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line));
    expect(alerts.map((alert) => alert.evidence.trainingSet)).toContain(CHURN_TRAINING_SET);
    expect(alerts.find((alert) => alert.evidence.version === '2')?.evidence.findings.length).toBeGreaterThan(0);
    const drift = await rootline([
      'drift',
      CHURN_DEPLOYMENT,
      '--since',
      '2026-10-08T00:00:00.000Z',
      '--db',
      db,
      '--json',
    ]);
    expect(drift.code).toBe(0);
    const report = JSON.parse(drift.stdout);
    expect(report.deployments[0].features.length).toBeGreaterThan(0);
  } finally {
    cleanup();
  }
});
