/**
 * The analysis benchmark's baseline in a worker thread: the plain graph (a million strings) lives
 * in this isolate's heap, so its garbage collections never pause the store being measured, nor
 * the store's this one. Each request runs one walk and answers with its own duration.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { walkDepthFor } from '../../src/model/pipeline-steps.js';
import { createPlainGraph, plainBfs, plainImpactBfs } from '../store/plain-bfs.js';

export interface BaselineSetup {
  path: string;
  impactSource: string;
  impactDepth: number;
  rootCauseNode: string;
  rootCauseStarts: string[];
  rootCauseDepth: number;
  budget: number;
}

/** The walks the baseline answers: each returns the number of nodes it visited. */
export type BaselineWalk = 'impact' | 'impactColumns' | 'rootCause';

const setup = workerData as BaselineSetup;
const raw = new Database(setup.path, { readonly: true });
const plain = createPlainGraph(raw);
raw.close();

const walks: Record<BaselineWalk, () => number> = {
  // Impact reports columns with their datasets and jobs: the plain walk of that same subgraph.
  impact: () => plainImpactBfs(plain, setup.impactSource, setup.impactDepth, setup.budget),
  impactColumns: () => plainBfs(plain, setup.impactSource, true, setup.impactDepth, 'column', setup.budget),
  // Root cause walks both levels, as many pipeline steps up.
  rootCause: () =>
    plainBfs(
      plain,
      setup.rootCauseStarts,
      false,
      walkDepthFor('column', setup.rootCauseDepth),
      'column',
      setup.budget,
    ) +
    plainBfs(plain, setup.rootCauseNode, false, walkDepthFor('dataset', setup.rootCauseDepth), 'dataset', setup.budget),
};

parentPort?.on('message', (walk: BaselineWalk) => {
  const started = performance.now();
  const nodes = walks[walk]();
  parentPort?.postMessage({ nodes, ms: performance.now() - started });
});
parentPort?.postMessage('ready');
