/**
 * Second acceptance set: Hive OpenLineage events whose `sql` job facet holds the executed HiveQL
 * and whose outputs carry the columnLineage facet Hive itself computed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { InputField, SqlLineageResult } from '../../src/sql/index.js';
import { analyzeSql } from '../../src/sql/index.js';
import type { CaseResult } from './sql-conformance.js';

const HIVE_DIR = resolve(import.meta.dirname, '../../../shared/corpus/openlineage/events/hive');

interface EventDataset {
  name: string;
  facets?: {
    schema?: { fields?: { name: string }[] };
    columnLineage?: { fields: Record<string, { inputFields: InputField[] }>; dataset?: InputField[] };
  };
}

function last(name: string): string {
  return (name.split('.').at(-1) ?? name).toLowerCase();
}

function transformationSet(field: InputField): string {
  return (field.transformations ?? [])
    .map((t) => `${t.type}:${t.subtype}${t.masking ? ':masked' : ''}`)
    .sort()
    .join(',');
}

function fieldMap(fields: InputField[]): Map<string, string> {
  return new Map(fields.map((f) => [`${last(f.name)}.${f.field.toLowerCase()}`, transformationSet(f)]));
}

function compareOutput(expected: EventDataset, result: SqlLineageResult): string[] {
  const problems: string[] = [];
  const lineage = expected.facets?.columnLineage;
  if (!lineage) return problems;
  const actual = result.outputs.find((o) => last(o.name) === last(expected.name));
  if (!actual) return [`no output for ${expected.name}`];
  for (const [field, { inputFields }] of Object.entries(lineage.fields)) {
    const ours = actual.columnLineage.fields[field.toLowerCase()];
    if (!ours) {
      problems.push(`field ${field} missing`);
      continue;
    }
    const want = fieldMap(inputFields);
    const got = fieldMap(ours.inputFields);
    for (const [key, transforms] of want) {
      if (got.get(key) !== transforms)
        problems.push(`${field} <- ${key}: expected [${transforms}] got [${got.get(key) ?? 'none'}]`);
    }
    for (const key of got.keys()) if (!want.has(key)) problems.push(`${field} <- ${key}: unexpected`);
  }
  const wantDataset = fieldMap(lineage.dataset ?? []);
  const gotDataset = fieldMap(actual.columnLineage.dataset);
  for (const [key, transforms] of wantDataset) {
    const got = gotDataset.get(key);
    // Hive adds FILTER to inner-join keys (its optimizer's IS NOT NULL); other subtypes must match.
    if (got === undefined || !got.split(',').every((t) => transforms.split(',').includes(t))) {
      problems.push(`dataset ${key}: expected [${transforms}] got [${got ?? 'none'}]`);
    }
  }
  for (const key of gotDataset.keys()) if (!wantDataset.has(key)) problems.push(`dataset ${key}: unexpected`);
  return problems;
}

/** Runs the Hive events that carry both SQL and an expected columnLineage; undefined when absent. */
export function runHiveEvents(): CaseResult[] | undefined {
  if (!existsSync(HIVE_DIR)) return undefined;
  const results: CaseResult[] = [];
  for (const file of readdirSync(HIVE_DIR).sort()) {
    const event = JSON.parse(readFileSync(join(HIVE_DIR, file), 'utf8')) as {
      job: { facets?: { sql?: { query?: string } } };
      inputs?: EventDataset[];
      outputs?: EventDataset[];
    };
    const sql = event.job.facets?.sql?.query;
    const outputs = (event.outputs ?? []).filter((o) => o.facets?.columnLineage);
    if (!sql || outputs.length === 0) continue;
    const schema: Record<string, string[]> = {};
    for (const d of [...(event.inputs ?? []), ...(event.outputs ?? [])]) {
      const fields = d.facets?.schema?.fields;
      if (fields) schema[d.name] = fields.map((f) => f.name);
    }
    const result = analyzeSql(sql, { dialect: 'hive', schema });
    const problems = outputs.flatMap((o) => compareOutput(o, result));
    const errors = result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`);
    results.push({
      id: file,
      kind: 'hive-event',
      dialect: 'hive',
      passed: problems.length === 0,
      reason: problems.length ? [...problems, ...errors].join(' | ') : undefined,
    });
  }
  return results;
}
