import { InputError } from '../../model/errors.js';

/**
 * Dataset and job naming, following OpenLineage's naming conventions and its dbt integration
 * (`openlineage-dbt`), so that a table reached through dbt artifacts and through any
 * OpenLineage producer is the same node. The rules are written out in README.md.
 */

/** One output (target) of a dbt profile, with its values rendered. */
export type ProfileOutput = Record<string, unknown>;

export const ADAPTERS_WITH_NAMESPACE = [
  'postgres',
  'redshift',
  'snowflake',
  'bigquery',
  'spark',
  'databricks',
  'duckdb',
  'sqlserver',
  'trino',
  'athena',
  'mysql',
  'clickhouse',
  'dremio',
] as const;

/**
 * The dataset namespace for a profile output, by adapter type. Throws {@link InputError} when a
 * value the namespace needs (host, account, path) is missing, naming it.
 */
export function namespaceForOutput(output: ProfileOutput, path = 'profiles'): string {
  const type = text(output.type);
  const need = (key: string): string => {
    const value = output[key];
    if (value === undefined || value === null || value === '') {
      throw new InputError(`the ${type} profile output has no '${key}', which the dataset namespace needs`, {
        path: `${path}.${key}`,
      });
    }
    return text(value);
  };
  const port = (fallback: number): string => text(output.port ?? fallback);
  switch (type) {
    case 'postgres':
      return `postgres://${need('host')}:${port(5432)}`;
    case 'redshift':
      return `redshift://${need('host')}:${port(5439)}`;
    case 'snowflake':
      return `snowflake://${fixSnowflakeAccount(need('account'))}`;
    case 'bigquery':
      return 'bigquery';
    case 'spark':
      return `spark://${need('host')}${sparkPort(output)}`;
    case 'databricks':
      return `databricks://${need('host')}`;
    case 'duckdb':
      return `duckdb://${need('path')}`;
    case 'sqlserver':
    case 'fabric':
      return `mssql://${need(output.server !== undefined ? 'server' : 'host')}:${port(1433)}`;
    case 'trino':
      return `trino://${need('host')}:${port(8080)}`;
    case 'athena':
      return `awsathena://athena.${need('region_name')}.amazonaws.com`;
    case 'mysql':
      return `mysql://${need(output.server !== undefined ? 'server' : 'host')}:${port(3306)}`;
    case 'clickhouse':
      return `clickhouse://${need('host')}:${port(8123)}`;
    case 'dremio':
      return `dremio://${need('software_host')}:${port(9047)}`;
    default:
      throw new InputError(
        `Rootline has no namespace rule for the dbt adapter '${type}'; pass the dataset namespace with --namespace (adapters with a rule: ${ADAPTERS_WITH_NAMESPACE.join(', ')})`,
        { path: `${path}.type` },
      );
  }
}

function sparkPort(output: ProfileOutput): string {
  if (output.port !== undefined && output.port !== null) return `:${text(output.port)}`;
  const method = text(output.method ?? '');
  if (method === 'thrift') return ':10001';
  if (method === 'http' || method === 'odbc') return ':443';
  return '';
}

/**
 * Snowflake account identifiers as OpenLineage writes them: an account locator gains its
 * region and cloud (`xy12345` -> `xy12345.us-west-1.aws`, `xy12345.eu-central-1` ->
 * `xy12345.eu-central-1.aws`); an organisation-account name (`myorg-myaccount`) is kept.
 */
export function fixSnowflakeAccount(account: string): string {
  const trimmed = account.replace(/\.snowflakecomputing\.com$/i, '');
  if (!/[-_.]/.test(trimmed)) return `${trimmed}.us-west-1.aws`;
  if (trimmed.includes('.')) {
    const parts = trimmed.split('.');
    if (parts.length === 2) return `${parts[0]}.${parts[1]}.aws`;
    return trimmed;
  }
  return trimmed;
}

/** A relation's identity in the warehouse: the parts of a dbt node that name its table. */
export interface RelationParts {
  database: string | null | undefined;
  schema: string | null | undefined;
  identifier: string;
}

/**
 * The dataset name: `database.schema.identifier`, leaving out a part dbt did not set (Spark and
 * Hive have no database, so `schema.table`), as OpenLineage's dbt integration does.
 */
export function datasetNameOf(relation: RelationParts): string {
  return [relation.database, relation.schema, relation.identifier]
    .filter((part): part is string => typeof part === 'string' && part.length > 0)
    .join('.');
}

/**
 * The job name of a model, seed or snapshot: `database.schema.` followed by its unique id
 * without the resource type (`model.jaffle_shop.orders` -> `jaffle_shop.orders`), as
 * OpenLineage's dbt integration names jobs.
 */
export function jobNameOf(node: { unique_id: string; database?: string | null; schema?: string | null }): string {
  const rest = node.unique_id.split('.').slice(1).join('.');
  return [node.database, node.schema, rest]
    .filter((part): part is string => typeof part === 'string' && part.length > 0)
    .join('.');
}

/** SQL dialect names of the analyzer for each adapter; `ansi` for the others. */
export function dialectOf(adapter: string | null | undefined): string {
  switch (adapter) {
    case 'postgres':
    case 'redshift':
    case 'snowflake':
    case 'bigquery':
    case 'spark':
    case 'databricks':
    case 'duckdb':
    case 'trino':
    case 'athena':
    case 'mysql':
    case 'oracle':
      return adapter;
    case 'sqlserver':
    case 'fabric':
    case 'synapse':
      return 'tsql';
    default:
      return 'ansi';
  }
}

/**
 * Column spelling for dialects that fold unquoted names to upper case (Snowflake, Oracle): a
 * name the warehouse reports in upper case (`CUSTOMER_ID`) is recorded in lower case, the way
 * dbt projects declare columns, so the catalog, the SQL and the docs name one field.
 * Mixed-case names were quoted on purpose and are kept.
 */
export function normalizeColumnName(name: string, dialect: string): string {
  if (dialect !== 'snowflake' && dialect !== 'oracle') return name;
  return name === name.toUpperCase() ? name.toLowerCase() : name;
}

function text(value: unknown): string {
  return typeof value === 'string'
    ? value
    : typeof value === 'number' || typeof value === 'boolean'
      ? String(value)
      : '';
}
