/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnPath } from '../../web/src/graph/column-path.js';
import { browserSkipReason, launchChromium } from './browser.js';
import { type DemoServer, startDemoServer } from './demo-server.js';
import { E2E_PREDICTION, FEATURES_TABLE, seedPrediction } from './ml-fixture.js';

const SHOTS = join(import.meta.dirname, '..', '..', 'test-results', 'ui');
const skip = browserSkipReason();
if (skip) console.log(`skipping the UI end-to-end tests: ${skip}`);

const nodeHash = (id: string, extra = '') => `#/node?id=${encodeURIComponent(id)}${extra}`;

/** How many cards the view shows (drawn or scrolled out of view), from the toolbar. */
async function shownCount(page: Page): Promise<number> {
  const text = (await page.textContent('[data-testid="graph-count"]')) ?? '';
  return Number(/^(\d+)/.exec(text)?.[1] ?? Number.NaN);
}

/** A fresh page load, so nothing of the previous view can satisfy the next wait. */
async function open(page: Page, url: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(url);
}

async function waitForGraph(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="lineage-card"]', { timeout: 20_000 });
  await page.waitForSelector('[data-testid="lineage-canvas"][data-busy="false"][data-layout="final"]', {
    timeout: 30_000,
  });
  // Let cards finish gliding to their refined places.
  await page.waitForTimeout(500);
}

describe.skipIf(skip !== null)('the web UI against the demo', { timeout: 120_000 }, () => {
  let server: DemoServer;
  let browser: Browser;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startDemoServer();
    await seedPrediction(server.url);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    // The machine is shared: allow slow steps rather than fail on load.
    page.setDefaultTimeout(60_000);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows recent runs with the failed ones first on the overview', async () => {
    await open(page, `${server.url}/#/`);
    await page.waitForSelector('[data-testid="recent-runs"] tbody tr');
    const states = await page.$$eval('[data-testid="recent-runs"] tbody tr .badge', (b) => b.map((x) => x.textContent));
    expect(states[0]).toBe('failed');
    await shot('01-overview');
  });

  it('finds a dataset with the keyboard from the header search and opens its page', async () => {
    await page.keyboard.press('/');
    await page.keyboard.type('customer_features');
    await page.waitForSelector('[role="option"]');
    await shot('02-search');
    const kinds = await page.$$eval('[role="option"] .result-kind', (k) => k.map((x) => x.textContent));
    const index = kinds.indexOf('Dataset');
    expect(index).toBeGreaterThanOrEqual(0);
    for (let i = 0; i <= index; i += 1) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForSelector('h1.node-title');
    expect(decodeURIComponent(await page.evaluate(() => location.hash))).toContain(FEATURES_TABLE);
    expect(await page.textContent('h1.node-title')).toContain('customer_features');
    await waitForGraph(page);
    await shot('03-node-lineage');
  });

  it('filters the search page by kind', async () => {
    await open(page, `${server.url}/#/search?q=customer&kind=job`);
    await page.waitForSelector('.results-item');
    const kinds = await page.$$eval('.results-item .result-kind', (k) => k.map((x) => x.textContent));
    expect(new Set(kinds)).toEqual(new Set(['Job']));
  });

  it('expands a node whose neighbours were collapsed beyond the node budget', async () => {
    await open(page, `${server.url}/${nodeHash(FEATURES_TABLE, '&budget=5')}`);
    await waitForGraph(page);
    const before = await shownCount(page);
    expect(before).toBe(5);
    const more = page.locator('.side-more').first();
    const label = (await more.getAttribute('aria-label')) ?? '';
    const hidden = Number(/Show (\d+)/.exec(label)?.[1]);
    await more.click();
    await page.waitForFunction(
      (n) => Number.parseInt(document.querySelector('[data-testid="graph-count"]')?.textContent ?? '', 10) >= n,
      before + hidden,
    );
    expect(await shownCount(page)).toBeGreaterThanOrEqual(before + hidden);
    expect(decodeURIComponent(await page.evaluate(() => location.hash))).toMatch(/x=(up|down):/);
    await shot('04-expanded');
  });

  it('highlights the full upstream and downstream path of a clicked column and dims the rest', async () => {
    await open(page, `${server.url}/${nodeHash(FEATURES_TABLE, '&level=column')}`);
    await waitForGraph(page);
    const column = `datasetField:postgres://warehouse.acme.internal:5432:analytics.features.customer_features:tenure_days`;
    // The keyboard path: focus the column row and press Enter (the minimap may cover it for a pointer).
    await page.locator(`[data-column="${column}"]`).press('Enter');
    await page.waitForSelector('.col-lit');
    // Focusing the row panned to it; fit the whole graph back on screen to see the full path.
    await page.click('.lineage-toolbar >> text=Fit');
    await page.waitForTimeout(600);
    const { lit, drawn } = await page.evaluate(() => {
      const columns = [...document.querySelectorAll('[data-column]')];
      return {
        lit: columns
          .filter((e) => e.closest('.col-lit'))
          .map((e) => e.getAttribute('data-column') ?? '')
          .sort(),
        drawn: columns.map((e) => e.getAttribute('data-column') ?? ''),
      };
    });
    const lineage = await (
      await fetch(`${server.url}/api/v2/lineage?node=${encodeURIComponent(FEATURES_TABLE)}&level=column&depth=3`)
    ).json();
    const expected = [...columnPath(column, lineage.edges).nodes].filter((id) => drawn.includes(id)).sort();
    await shot('05-column-path');
    expect(lit).toEqual(expected);
    expect(lit.length).toBeGreaterThan(2);
    expect(await page.locator('.col-dim').count()).toBeGreaterThan(0);
    expect(decodeURIComponent(await page.evaluate(() => location.hash))).toContain(`col=${column}`);
    await shot('05-column-path');
  });

  it('redraws the graph as it was when the time slider moves back, and colours a diff', async () => {
    await open(page, `${server.url}/${nodeHash(FEATURES_TABLE, '&level=column')}`);
    await waitForGraph(page);
    const columnsNow = await page.$$eval('[data-column]', (els) =>
      els.map((e) => e.getAttribute('data-column')).sort(),
    );
    const slider = page.locator('.time-track input');
    await slider.focus();
    // About a day back: before the demo's raw payments column was renamed.
    await page.keyboard.press('End');
    await page.keyboard.press('PageDown');
    await page.keyboard.press('PageDown');
    await page.waitForFunction(() => location.hash.includes('asOf='));
    await page.waitForSelector('[data-testid="lineage-canvas"][data-busy="false"]');
    await page.waitForTimeout(500);
    const columnsThen = await page.$$eval('[data-column]', (els) =>
      els.map((e) => e.getAttribute('data-column')).sort(),
    );
    expect(columnsThen).not.toEqual(columnsNow);
    await shot('06-as-of');
    await page.click('text=Back to now');
    await page.check('.time-toggle input');
    await page.waitForFunction(() => location.hash.includes('cmp='));
    await page.waitForSelector('.time-diff');
    await shot('07-diff');
  });

  it('opens the impact panel of a node', async () => {
    await open(page, `${server.url}/${nodeHash(FEATURES_TABLE)}`);
    await waitForGraph(page);
    await page.click('.node-header-actions >> text=Impact');
    await page.waitForSelector(
      '[data-testid="impact-panel"] .affected-item, [data-testid="impact-panel"] .state:not(.state-loading)',
    );
    const route = await fetch(`${server.url}/api/v2/impact?node=${encodeURIComponent(FEATURES_TABLE)}`);
    if (route.ok) expect(await page.locator('.affected-item').count()).toBeGreaterThan(0);
    else expect(await page.textContent('[data-testid="impact-panel"]')).toContain('impact');
    await shot('08-impact');
    await page.click('.side-panel >> role=tab[name="Root cause"]');
    await page.waitForSelector(
      '[data-testid="root-cause-panel"] .cause-item, [data-testid="root-cause-panel"] .state:not(.state-loading)',
    );
    await shot('09-root-cause');
  });

  it('traces a prediction back to raw source columns', async () => {
    await open(page, `${server.url}/#/trace`);
    await page.fill('input[name="prediction"]', E2E_PREDICTION);
    await page.keyboard.press('Enter');
    await page.waitForSelector(
      '[data-testid="trace-result"], .state-error, .state-empty:not(:has-text("Trace a prediction"))',
    );
    const trace = await fetch(`${server.url}/api/v2/predictions/${E2E_PREDICTION}/trace`);
    if (trace.ok) {
      const body = await trace.json();
      expect(await page.locator('[data-testid="trace-features"] tbody tr').count()).toBe(body.features.length);
      expect(await page.textContent('[data-testid="trace-result"]')).toContain('e2e-churn');
    }
    await shot('10-trace');
  });

  it('switches to the dark theme', async () => {
    await open(page, `${server.url}/${nodeHash(FEATURES_TABLE, '&level=column')}`);
    await page.click('button[aria-label^="Switch to dark"]');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await waitForGraph(page);
    await shot('11-dark');
    await page.click('button[aria-label^="Switch to light"]');
  });
});
