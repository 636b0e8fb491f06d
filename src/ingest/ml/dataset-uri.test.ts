import { describe, expect, it } from 'vitest';
import { parseNodeId } from '../../model/node-id.js';
import { datasetIdFromUri } from './dataset-uri.js';
import { mlflowNamespace } from './import-mlflow.js';

describe('datasetIdFromUri', () => {
  it.each([
    ['s3://acme-data/churn/train.parquet', 'dataset:s3://acme-data:churn/train.parquet'],
    ['gs://bucket/a/b.csv', 'dataset:gs://bucket:a/b.csv'],
    ['https://raw.githubusercontent.com/x/wine.csv', 'dataset:https://raw.githubusercontent.com:/x/wine.csv'],
    ['hdfs://namenode:8020/warehouse/t', 'dataset:hdfs://namenode:8020:/warehouse/t'],
    ['file:///opt/data/train.csv', 'dataset:file:/opt/data/train.csv'],
    ['/opt/data/train.csv', 'dataset:file:/opt/data/train.csv'],
    ['data/driver_stats.parquet', 'dataset:file:data/driver_stats.parquet'],
    ['dbfs:/mnt/raw/events', 'dataset:dbfs:/mnt/raw/events'],
  ])('maps %s to %s, an id that parses back to a dataset', (uri, id) => {
    expect(datasetIdFromUri(uri)).toBe(id);
    expect(parseNodeId(id).kind).toBe('dataset');
  });
});

describe('mlflowNamespace', () => {
  it('names models after the tracking server host and port', () => {
    expect(mlflowNamespace('http://localhost:5000')).toBe('mlflow://localhost:5000');
    expect(mlflowNamespace('https://mlflow.acme.internal/')).toBe('mlflow://mlflow.acme.internal');
  });
});
