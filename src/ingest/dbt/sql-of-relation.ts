import type { Diagnostic } from '../../model/graph.js';
import type { DbtRelation } from './project-index.js';
import { renderDbtSql } from './render-jinja.js';
import type { DbtRunResult } from './run-results-schema.js';

export interface RelationSql {
  /** The SQL of the job's sql facet; null for seeds and nodes without SQL. */
  sql: string | null;
  /** True when the SQL is plain SQL the analyzer can read. */
  complete: boolean;
  diagnostics: Diagnostic[];
}

/**
 * The SQL a model or snapshot runs: `compiled_code` (`compiled_sql` before manifest v7), else
 * the compiled code its run result carries, else its raw code with `ref`, `source`, `this` and
 * `config` rendered by Rootline (a manifest written by `dbt parse`). Seeds load a CSV: no SQL.
 */
export function sqlOfRelation(
  relation: DbtRelation,
  result: DbtRunResult | null,
  relations: Map<string, DbtRelation>,
): RelationSql {
  const node = relation.node;
  if (!node || relation.resourceType === 'seed') return { sql: null, complete: false, diagnostics: [] };
  const compiled = node.compiled_code ?? node.compiled_sql ?? result?.compiled_code ?? null;
  if (compiled !== null && compiled.trim() !== '') return { sql: compiled, complete: true, diagnostics: [] };
  const raw = node.raw_code ?? node.raw_sql ?? null;
  if (raw === null || raw.trim() === '') return { sql: null, complete: false, diagnostics: [] };
  if (node.language === 'python') {
    return {
      sql: null,
      complete: false,
      diagnostics: [
        {
          severity: 'info',
          code: 'dbt.python-model',
          message: `${relation.uniqueId} is a Python model; its lineage comes from depends_on only`,
        },
      ],
    };
  }
  const parents = relation.dependsOn
    .map((id) => relations.get(id))
    .filter((parent): parent is DbtRelation => parent !== undefined);
  const rendered = renderDbtSql(raw, {
    self: relation.relationName,
    ref: (name, packageName, version) => {
      const matches = (candidate: DbtRelation): boolean =>
        candidate.node?.name === name &&
        (packageName === null || candidate.node.package_name === packageName) &&
        (version === null || String(candidate.node.version ?? '') === version);
      const found = parents.find(matches) ?? [...relations.values()].find(matches);
      return found ? found.relationName : null;
    },
    source: (sourceName, tableName) => {
      const found = [...parents, ...relations.values()].find(
        (candidate) => candidate.source?.source_name === sourceName && candidate.source.name === tableName,
      );
      return found ? found.relationName : null;
    },
  });
  return { sql: rendered.sql, complete: rendered.complete, diagnostics: rendered.diagnostics };
}
