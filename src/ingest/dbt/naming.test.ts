import { describe, expect, it } from 'vitest';
import { readProfiles } from '../../../test/helpers/dbt-fixtures.js';
import { InputError } from '../../model/errors.js';
import { datasetNameOf, fixSnowflakeAccount, jobNameOf, namespaceForOutput } from './naming.js';
import { selectProfileOutput } from './profiles.js';

describe('namespaceForOutput', () => {
  it.each([
    [{ type: 'postgres', host: 'db', port: 5432 }, 'postgres://db:5432'],
    [{ type: 'postgres', host: 'db' }, 'postgres://db:5432'],
    [{ type: 'redshift', host: 'rs.example.com' }, 'redshift://rs.example.com:5439'],
    [{ type: 'snowflake', account: 'acme-prod' }, 'snowflake://acme-prod'],
    [{ type: 'bigquery', project: 'p' }, 'bigquery'],
    [{ type: 'spark', host: 'localhost', port: 10000, method: 'thrift' }, 'spark://localhost:10000'],
    [{ type: 'spark', host: 'h', method: 'thrift' }, 'spark://h:10001'],
    [{ type: 'spark', host: 'h', method: 'http' }, 'spark://h:443'],
    [{ type: 'databricks', host: 'adb-1.azuredatabricks.net' }, 'databricks://adb-1.azuredatabricks.net'],
    [{ type: 'duckdb', path: '/database/jaffle_shop.duckdb' }, 'duckdb:///database/jaffle_shop.duckdb'],
    [{ type: 'sqlserver', server: 'sql', port: 1433 }, 'mssql://sql:1433'],
    [{ type: 'trino', host: 't', port: 8080 }, 'trino://t:8080'],
    [{ type: 'athena', region_name: 'eu-west-1' }, 'awsathena://athena.eu-west-1.amazonaws.com'],
  ])('names %o %s', (output, namespace) => {
    expect(namespaceForOutput(output)).toBe(namespace);
  });

  it('names the missing value a namespace needs', () => {
    expect(() => namespaceForOutput({ type: 'postgres', port: 5432 })).toThrow(
      "the postgres profile output has no 'host', which the dataset namespace needs",
    );
  });

  it('asks for --namespace for an adapter without a rule', () => {
    expect(() => namespaceForOutput({ type: 'exasol', host: 'x' })).toThrow(
      /pass the dataset namespace with --namespace/,
    );
  });
});

describe('fixSnowflakeAccount', () => {
  it('completes account locators as OpenLineage does and keeps organisation names', () => {
    expect(fixSnowflakeAccount('xy12345')).toBe('xy12345.us-west-1.aws');
    expect(fixSnowflakeAccount('xy12345.eu-central-1')).toBe('xy12345.eu-central-1.aws');
    expect(fixSnowflakeAccount('ASDF1234.eu-central-1.aws')).toBe('ASDF1234.eu-central-1.aws');
    expect(fixSnowflakeAccount('myorg-myaccount')).toBe('myorg-myaccount');
  });
});

describe('dataset and job names', () => {
  it('joins database, schema and identifier, leaving out a missing database', () => {
    expect(datasetNameOf({ database: 'postgres', schema: 'public', identifier: 'orders' })).toBe(
      'postgres.public.orders',
    );
    expect(datasetNameOf({ database: null, schema: 'default', identifier: 'orders' })).toBe('default.orders');
  });

  it('names jobs database.schema.package.model like OpenLineage', () => {
    expect(jobNameOf({ unique_id: 'model.jaffle_shop.orders', database: 'postgres', schema: 'public' })).toBe(
      'postgres.public.jaffle_shop.orders',
    );
    expect(jobNameOf({ unique_id: 'model.jaffle_shop.orders', database: null, schema: 'default' })).toBe(
      'default.jaffle_shop.orders',
    );
  });
});

describe('selectProfileOutput', () => {
  it('reads the default target and renders env_var with its default', () => {
    const output = selectProfileOutput(readProfiles('postgres'), { env: {} });
    expect(output).toMatchObject({ type: 'postgres', host: 'POSTGRES_HOST', port: 1234 });
  });

  it('prefers the environment over the default of env_var', () => {
    const output = selectProfileOutput(readProfiles('postgres'), { env: { POSTGRES_HOST: 'db.internal' } });
    expect(output.host).toBe('db.internal');
  });

  it('selects another target with --target', () => {
    expect(selectProfileOutput(readProfiles('snowflake'), { target: 'prod' }).account).toBe('myorg-prod');
  });

  it('names the targets when the one asked for is missing', () => {
    expect(() => selectProfileOutput(readProfiles('snowflake'), { target: 'qa' })).toThrow(
      "profile 'snowflake' has no target 'qa' (targets: dev, prod)",
    );
  });

  it('asks for the profile when profiles.yml holds several', () => {
    const yaml = `${readProfiles('postgres')}\n${readProfiles('duckdb')}`;
    expect(() => selectProfileOutput(yaml)).toThrow(/holds 2 profiles \(postgres_profile, jaffle_shop\); name one/);
    expect(selectProfileOutput(yaml, { profile: 'jaffle_shop' }).type).toBe('duckdb');
  });

  it('fails clearly on an unset variable without a default', () => {
    const yaml =
      'p:\n  target: dev\n  outputs:\n    dev:\n      type: postgres\n      host: "{{ env_var(\'DB_HOST\') }}"\n';
    const error = (() => {
      try {
        selectProfileOutput(yaml, { env: {} });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe('profiles.yml needs the environment variable DB_HOST, which is not set');
  });
});
