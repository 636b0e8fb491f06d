import type { Store } from '../../src/store/store.js';
import { apply, edge, T } from './builders.js';

export const A = 'dataset:pg:a';
export const B = 'dataset:pg:b';
export const C = 'dataset:pg:c';
export const J1 = 'job:etl:j1';
export const J2 = 'job:etl:j2';
export const f = (table: string, column: string): string => `datasetField:pg:${table}:${column}`;

/** a -> j1 -> b -> j2 -> c, with column lineage a.x -> b.y -> c.z and a.w -(filter)-> b.y. */
export async function seedLineage(store: Store): Promise<void> {
  await apply(store, {
    edgeSets: [
      { scope: J1, at: T(1), mode: 'replace', runId: 'r1', edges: [edge('INPUT', A, J1), edge('OUTPUT', J1, B)] },
      { scope: J2, at: T(1), mode: 'replace', runId: 'r2', edges: [edge('INPUT', B, J2), edge('OUTPUT', J2, C)] },
      {
        scope: `${J1}|${B}`,
        at: T(1),
        mode: 'replace',
        runId: 'r1',
        edges: [
          edge('DERIVES', f('a', 'x'), f('b', 'y'), {
            via: J1,
            transformations: [{ type: 'DIRECT', subtype: 'IDENTITY' }],
          }),
          edge('DERIVES', f('a', 'w'), f('b', 'y'), {
            via: J1,
            transformations: [{ type: 'INDIRECT', subtype: 'FILTER' }],
          }),
        ],
      },
      {
        scope: `${J2}|${C}`,
        at: T(1),
        mode: 'replace',
        runId: 'r2',
        edges: [
          edge('DERIVES', f('b', 'y'), f('c', 'z'), {
            via: J2,
            transformations: [{ type: 'DIRECT', subtype: 'AGGREGATION' }],
          }),
        ],
      },
    ],
  });
}
