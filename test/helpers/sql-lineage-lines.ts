import type { InputField, SqlLineageResult } from '../../src/sql/types.js';

function describeField(f: InputField): string {
  const t = f.transformations.map((x) => `${x.subtype}${x.masking ? '*' : ''}`).join('+');
  return `${f.name}.${f.field} ${t}`;
}

/**
 * Flattens a result into sorted lines for table-driven tests:
 * `out.col <- table.col SUBTYPE[+SUBTYPE]` for fields (`*` marks masking),
 * `out ~ table.col SUBTYPE` for dataset-level indirect lineage, `? col <- ...` for SELECT results.
 */
export function lineageLines(result: SqlLineageResult): string[] {
  const lines: string[] = [];
  for (const output of result.outputs) {
    for (const [field, { inputFields }] of Object.entries(output.columnLineage.fields)) {
      for (const f of inputFields) lines.push(`${output.name}.${field} <- ${describeField(f)}`);
    }
    for (const f of output.columnLineage.dataset) lines.push(`${output.name} ~ ${describeField(f)}`);
  }
  for (const query of result.queries ?? []) {
    for (const [field, { inputFields }] of Object.entries(query.columnLineage.fields)) {
      for (const f of inputFields) lines.push(`? ${field} <- ${describeField(f)}`);
    }
    for (const f of query.columnLineage.dataset) lines.push(`? ~ ${describeField(f)}`);
  }
  return lines.sort();
}
