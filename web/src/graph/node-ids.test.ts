import { describe, expect, it } from 'vitest';
import { fieldNameOf, kindOfId, parentDatasetId, shortLabel, splitId } from './node-ids.js';

describe('node ids in the UI', () => {
  it('finds the dataset of a column whose namespace has a port', () => {
    expect(parentDatasetId('datasetField:postgres://db:5432:public.orders:total')).toBe(
      'dataset:postgres://db:5432:public.orders',
    );
    expect(fieldNameOf('datasetField:postgres://db:5432:public.orders:total')).toBe('total');
  });

  it('splits URI and plain namespaces from names', () => {
    expect(splitId('dataset:snowflake://acme:analytics.customers')).toEqual({
      namespace: 'snowflake://acme',
      name: 'analytics.customers',
    });
    expect(splitId('job:etl:daily_load')).toEqual({ namespace: 'etl', name: 'daily_load' });
  });

  it('labels model versions with their version', () => {
    expect(shortLabel('modelVersion:mlflow://prod:churn:3')).toBe('churn v3');
    expect(kindOfId('deployment:serving://prod:churn-prod')).toBe('deployment');
    expect(kindOfId('nonsense')).toBeNull();
  });
});
