/**
 * Builders for the OpenLineage facets the demo emits. Every facet carries `_producer` and
 * `_schemaURL` as the spec requires, so the demo's events are what a real integration would send.
 */

export const DEMO_PRODUCER = 'https://github.com/rootline/rootline/tree/main/src/demo';
const SPEC = 'https://openlineage.io/spec';
export const RUN_EVENT_SCHEMA = `${SPEC}/2-0-2/OpenLineage.json#/$defs/RunEvent`;

function facet(schema: string, body: Record<string, unknown>): Record<string, unknown> {
  return { _producer: DEMO_PRODUCER, _schemaURL: `${SPEC}/facets/${schema}`, ...body };
}

export interface DemoField {
  name: string;
  type: string;
  description?: string;
}

export function schemaFacet(fields: readonly DemoField[]): Record<string, unknown> {
  return facet('1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet', {
    fields: fields.map((field, i) => ({ ...field, ordinal_position: i + 1 })),
  });
}

export function documentationFacet(description: string, kind: 'Dataset' | 'Job'): Record<string, unknown> {
  return facet(`1-0-1/Documentation${kind}Facet.json#/$defs/Documentation${kind}Facet`, { description });
}

export function ownershipFacet(owners: readonly string[], kind: 'Dataset' | 'Job'): Record<string, unknown> {
  return facet(`1-0-1/Ownership${kind}Facet.json#/$defs/Ownership${kind}Facet`, {
    owners: owners.map((name) => ({ name, type: name.startsWith('team:') ? 'TEAM' : 'MAINTAINER' })),
  });
}

export function dataSourceFacet(namespace: string): Record<string, unknown> {
  return facet('1-0-1/DatasourceDatasetFacet.json#/$defs/DatasourceDatasetFacet', { name: namespace, uri: namespace });
}

export function sqlFacet(query: string): Record<string, unknown> {
  return facet('1-1-0/SQLJobFacet.json#/$defs/SQLJobFacet', { query, dialect: 'postgres' });
}

export function jobTypeFacet(integration: string, jobType: string): Record<string, unknown> {
  return facet('2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet', { processingType: 'BATCH', integration, jobType });
}

export function nominalTimeFacet(start: string, end: string): Record<string, unknown> {
  return facet('1-0-1/NominalTimeRunFacet.json#/$defs/NominalTimeRunFacet', {
    nominalStartTime: start,
    nominalEndTime: end,
  });
}

export function parentFacet(parent: { runId: string; namespace: string; name: string }): Record<string, unknown> {
  return facet('1-2-0/ParentRunFacet.json#/$defs/ParentRunFacet', {
    run: { runId: parent.runId },
    job: { namespace: parent.namespace, name: parent.name },
    root: { run: { runId: parent.runId }, job: { namespace: parent.namespace, name: parent.name } },
  });
}

export function errorMessageFacet(message: string, stackTrace: string): Record<string, unknown> {
  return facet('1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet', {
    message,
    programmingLanguage: 'SQL',
    stackTrace,
  });
}

export function outputStatisticsFacet(rowCount: number, size: number): Record<string, unknown> {
  return facet('1-0-2/OutputStatisticsOutputDatasetFacet.json#/$defs/OutputStatisticsOutputDatasetFacet', {
    rowCount,
    size,
  });
}

export interface DemoAssertion {
  assertion: string;
  success: boolean;
  column?: string;
  severity?: 'error' | 'warn';
}

export function dataQualityAssertionsFacet(assertions: readonly DemoAssertion[]): Record<string, unknown> {
  return facet('1-1-0/DataQualityAssertionsDatasetFacet.json#/$defs/DataQualityAssertionsDatasetFacet', {
    assertions,
  });
}

/** One input column of a column-lineage entry, with its OpenLineage transformation. */
export interface DemoInputField {
  namespace: string;
  name: string;
  field: string;
  type: 'DIRECT' | 'INDIRECT';
  subtype: string;
  description?: string;
  masking?: boolean;
}

export function columnLineageFacet(
  fields: Readonly<Record<string, readonly DemoInputField[]>>,
  dataset: readonly DemoInputField[],
): Record<string, unknown> {
  const inputField = (input: DemoInputField): Record<string, unknown> => ({
    namespace: input.namespace,
    name: input.name,
    field: input.field,
    transformations: [
      {
        type: input.type,
        subtype: input.subtype,
        ...(input.description ? { description: input.description } : {}),
        masking: input.masking === true,
      },
    ],
  });
  return facet('1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet', {
    fields: Object.fromEntries(
      Object.entries(fields).map(([name, inputs]) => [name, { inputFields: inputs.map(inputField) }]),
    ),
    ...(dataset.length > 0 ? { dataset: dataset.map(inputField) } : {}),
  });
}
