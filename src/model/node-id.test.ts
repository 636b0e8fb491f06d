import { describe, expect, it } from 'vitest';
import { InputError } from './errors.js';
import { datasetId, fieldId, formatNodeId, jobId, type NodeRef, parentNodeId, parseNodeId, runId } from './node-id.js';

const roundTrips: [string, NodeRef][] = [
  [
    'dataset:postgres://db:5432:public.orders',
    { kind: 'dataset', namespace: 'postgres://db:5432', name: 'public.orders' },
  ],
  [
    'dataset:snowflake://acme:ANALYTICS.PUBLIC.ORDERS',
    { kind: 'dataset', namespace: 'snowflake://acme', name: 'ANALYTICS.PUBLIC.ORDERS' },
  ],
  [
    'dataset:kafka://b1:9092,b2:9092:orders.v1',
    { kind: 'dataset', namespace: 'kafka://b1:9092,b2:9092', name: 'orders.v1' },
  ],
  ['dataset:bigquery:project.dataset.table', { kind: 'dataset', namespace: 'bigquery', name: 'project.dataset.table' }],
  [
    'dataset:s3://bucket:/data/orders.parquet',
    { kind: 'dataset', namespace: 's3://bucket', name: '/data/orders.parquet' },
  ],
  ['dataset:file:/tmp/x.csv', { kind: 'dataset', namespace: 'file', name: '/tmp/x.csv' }],
  [
    'datasetField:duckdb:///data/shop.duckdb:shop.main.orders:id',
    { kind: 'datasetField', namespace: 'duckdb:///data/shop.duckdb', name: 'shop.main.orders', field: 'id' },
  ],
  [
    'dataset:hdfs://namenode:8020:/user/hive/orders',
    { kind: 'dataset', namespace: 'hdfs://namenode:8020', name: '/user/hive/orders' },
  ],
  ['dataset:ns:name:with:colons', { kind: 'dataset', namespace: 'ns', name: 'name:with:colons' }],
  ['job:airflow://host:8080:dag.task', { kind: 'job', namespace: 'airflow://host:8080', name: 'dag.task' }],
  [
    'datasetField:postgres://db:5432:public.orders:customer_id',
    { kind: 'datasetField', namespace: 'postgres://db:5432', name: 'public.orders', field: 'customer_id' },
  ],
  [
    'datasetField:kafka://b1:9092,b2:9092:topic:payload.user.id',
    { kind: 'datasetField', namespace: 'kafka://b1:9092,b2:9092', name: 'topic', field: 'payload.user.id' },
  ],
  ['datasetField:ns:a:b:field', { kind: 'datasetField', namespace: 'ns', name: 'a:b', field: 'field' }],
  ['run:3f1c9a2e-0000-4000-8000-000000000001', { kind: 'run', runId: '3f1c9a2e-0000-4000-8000-000000000001' }],
  ['model:mlflow://tracking:5000:churn', { kind: 'model', namespace: 'mlflow://tracking:5000', name: 'churn' }],
  [
    'modelVersion:mlflow://tracking:5000:churn:3',
    { kind: 'modelVersion', namespace: 'mlflow://tracking:5000', name: 'churn', version: '3' },
  ],
  ['deployment:serving:churn-prod', { kind: 'deployment', namespace: 'serving', name: 'churn-prod' }],
  [
    'assertion:bigquery:p.d.t:not_null_id',
    { kind: 'assertion', namespace: 'bigquery', name: 'p.d.t', assertion: 'not_null_id' },
  ],
];

describe('node ids', () => {
  it.each(roundTrips)('parses %s and formats it back', (id, ref) => {
    expect(parseNodeId(id)).toEqual(ref);
    expect(formatNodeId(ref)).toBe(id);
  });

  it('builds ids with the helper functions', () => {
    expect(datasetId('postgres://db:5432', 'public.orders')).toBe('dataset:postgres://db:5432:public.orders');
    expect(fieldId('s3://bucket', '/a', 'c')).toBe('datasetField:s3://bucket:/a:c');
    expect(jobId('ns', 'j')).toBe('job:ns:j');
    expect(runId('r')).toBe('run:r');
  });

  it('names the parent of fields, assertions and model versions', () => {
    expect(parentNodeId(parseNodeId('datasetField:postgres://db:5432:t:c'))).toBe('dataset:postgres://db:5432:t');
    expect(parentNodeId(parseNodeId('assertion:ns:t:a'))).toBe('dataset:ns:t');
    expect(parentNodeId(parseNodeId('modelVersion:ns:m:1'))).toBe('model:ns:m');
    expect(parentNodeId(parseNodeId('dataset:ns:t'))).toBeNull();
  });

  it.each([
    ['', /non-empty/],
    ['table:ns:x', /unknown kind 'table'/],
    ['dataset:ns', /KIND:NAMESPACE:NAME/],
    ['dataset:postgres://db:5432', /no name after it/],
    ['datasetField:ns:table', /must end with :FIELD/],
    ['run:', /no run id/],
  ])('rejects the malformed id %j with an InputError naming the problem', (id, message) => {
    expect(() => parseNodeId(id)).toThrow(InputError);
    expect(() => parseNodeId(id)).toThrow(message);
  });

  it('rejects ids longer than 4096 characters', () => {
    expect(() => parseNodeId(`dataset:ns:${'x'.repeat(5000)}`)).toThrow(/longer than 4096/);
  });
});
