import { expect, it } from 'vitest';
import { annotateNode, annotationSchema } from '../../src/ingest/annotate/annotate-node.js';
import { InputError, NotFoundError } from '../../src/model/errors.js';
import { forEachEngine } from '../helpers/stores.js';
import { ids, seedChurnGraph } from './churn-graph.js';

const annotation = (input: unknown) => annotationSchema.parse(input);

forEachEngine('annotations', (getStore) => {
  it('adds owners and tags by hand, keeps facet owners, and records the author in the event log', async () => {
    const store = getStore();
    await seedChurnGraph(store);
    const result = await annotateNode(
      store,
      ids.crm,
      annotation({ addOwners: ['jane@acme.example'], addTags: ['gold'], description: 'CRM export' }),
      'token-7',
    );
    expect(result.status).toBe('accepted');
    expect(result.node.owners.map((o) => o.name)).toEqual(['team:crm', 'jane@acme.example']);
    expect(result.node.tags).toEqual(['gold']);
    expect(result.node.description).toBe('CRM export');
    const event = await store.getEvent(result.seq);
    expect(event?.source).toBe('annotate');
    expect(event?.actor).toBe('token-7');
    expect((await store.verifyChain()).ok).toBe(true);
  });

  it('removes a tag it added and adds it back in order', async () => {
    const store = getStore();
    await seedChurnGraph(store);
    await annotateNode(store, ids.crmAge, annotation({ addTags: ['pii'] }), null);
    await annotateNode(store, ids.crmAge, annotation({ removeTags: ['pii'] }), null);
    const last = await annotateNode(store, ids.crmAge, annotation({ addTags: ['pii'] }), null);
    expect(last.status).toBe('accepted');
    expect(last.node.tags).toEqual(['pii']);
  });

  it('rejects an empty annotation and an unknown node', async () => {
    const store = getStore();
    await seedChurnGraph(store);
    await expect(annotateNode(store, ids.crm, annotation({}), null)).rejects.toBeInstanceOf(InputError);
    await expect(annotateNode(store, 'dataset:pg:nope', annotation({ addTags: ['x'] }), null)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    expect(() => annotation({ addTags: [''] })).toThrow();
    expect(() => annotation({ owners: ['x'] })).toThrow();
  });
});
