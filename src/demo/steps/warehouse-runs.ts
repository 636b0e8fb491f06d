import {
  columnLineageFacet,
  DEMO_PRODUCER,
  type DemoAssertion,
  dataQualityAssertionsFacet,
  dataSourceFacet,
  documentationFacet,
  errorMessageFacet,
  jobTypeFacet,
  nominalTimeFacet,
  outputStatisticsFacet,
  ownershipFacet,
  parentFacet,
  RUN_EVENT_SCHEMA,
  schemaFacet,
  sqlFacet,
} from '../openlineage-facets.js';
import type { DemoBatch, DemoContext, DemoStep } from '../scenario.js';
import { AIRFLOW, customerFeatures, type DemoTable } from '../warehouse-tables.js';
import { DAG, type DemoTask, warehouseTasks } from '../warehouse-tasks.js';

/** Day (0-based, oldest first) on which the billing export switches to minor units plus currency. */
export const SCHEMA_CHANGE_DAY = 3;
/** Day on which a tracking bug leaves usage events without customer ids (a failing quality check). */
export const BAD_USAGE_DAY = 2;
const PAYMENT_TASKS = new Set(['dim_customers', 'fct_payments', 'customer_features', 'check_customer_features']);

type EventType = 'START' | 'COMPLETE' | 'FAIL';

/**
 * The daily Airflow DAG over several days: ingestion from CRM, Kafka and Stripe, SQL staging,
 * marts and customer features, a quality check. On {@link BAD_USAGE_DAY} a not-null check on
 * usage fails; on {@link SCHEMA_CHANGE_DAY} the payments table changes schema, `stg_payments`
 * fails with an error message and the tasks that need payments do not run; the next day its SQL
 * is fixed and everything runs again.
 */
export const warehouseRunsStep: DemoStep = {
  name: 'warehouse',
  summary: 'daily warehouse DAG: CRM, usage and payments through staging and marts to customer features',
  build(context) {
    const events: unknown[] = [];
    for (let day = 0; day < context.days; day++) events.push(...dagRun(context, day));
    return [{ kind: 'openlineage', label: 'warehouse DAG runs', events } satisfies DemoBatch];
  },
};

function dagRun(context: DemoContext, day: number): unknown[] {
  const { random } = context;
  const tasks = [...tasksOfDay(day), qualityCheckTask()];
  const minutes = tasks.map(() => random.int(2, 9));
  const total = minutes.reduce((sum, m) => sum + m, 0) + 2;
  const end = context.now.getTime() - (context.days - 1 - day) * 86_400_000 - 60_000;
  const start = end - total * 60_000;
  const nominalStart = new Date(Math.floor(start / 3_600_000) * 3_600_000);
  const nominal = nominalTimeFacet(
    nominalStart.toISOString(),
    new Date(nominalStart.getTime() + 86_400_000).toISOString(),
  );
  const dag = { runId: random.uuid(), namespace: AIRFLOW, name: DAG };

  const events: unknown[] = [];
  const dagJob = jobFacets({
    description: 'Daily build of the analytics warehouse and the churn features.',
    owners: ['team:data-platform'],
    integration: 'AIRFLOW',
    jobType: 'DAG',
    sql: null,
  });
  events.push(runEvent('START', new Date(start), dag.runId, DAG, dagJob, { nominalTime: nominal }, [], []));

  let clock = start + 60_000;
  let failed = false;
  tasks.forEach((task, i) => {
    const short = task.name.slice(DAG.length + 1);
    if (failed && PAYMENT_TASKS.has(short)) return;
    const runId = random.uuid();
    const began = new Date(clock);
    clock += (minutes[i] ?? 3) * 60_000;
    const ended = new Date(clock);
    const runFacets = { parent: parentFacet(dag), nominalTime: nominal };
    const job = jobFacets(task);
    const fails = day === SCHEMA_CHANGE_DAY && short === 'stg_payments';
    events.push(
      runEvent(
        'START',
        began,
        runId,
        task.name,
        job,
        runFacets,
        inputs(task, day, false),
        outputs(task, day, null, random),
      ),
    );
    if (fails) {
      failed = true;
      const error = errorMessageFacet(
        'column "amount_cents" does not exist',
        'psycopg2.errors.UndefinedColumn: column "amount_cents" does not exist\nLINE 2: SELECT payment_id, customer_id, amount_cents / 100.0 AS amount, status, paid_at\n                                        ^\nHINT:  Perhaps you meant to reference the column "payments.amount_minor".',
      );
      events.push(
        runEvent(
          'FAIL',
          ended,
          runId,
          task.name,
          job,
          { ...runFacets, errorMessage: error },
          inputs(task, day, false),
          [],
        ),
      );
    } else {
      events.push(
        runEvent(
          'COMPLETE',
          ended,
          runId,
          task.name,
          job,
          runFacets,
          inputs(task, day, true),
          outputs(task, day, day, random),
        ),
      );
    }
  });
  events.push(
    runEvent(failed ? 'FAIL' : 'COMPLETE', new Date(end), dag.runId, DAG, dagJob, { nominalTime: nominal }, [], []),
  );
  return events;
}

/**
 * The DAG as deployed that day. On the change day the payments table already has its new
 * schema but `stg_payments` still runs yesterday's SQL, which is why it fails.
 */
function tasksOfDay(day: number): DemoTask[] {
  if (day < SCHEMA_CHANGE_DAY) return warehouseTasks(1);
  const tasks = warehouseTasks(2);
  if (day > SCHEMA_CHANGE_DAY) return tasks;
  const stale = warehouseTasks(1).find((task) => task.name === `${DAG}.stg_payments`);
  const changed = tasks.find((task) => task.name === `${DAG}.load_payments`);
  return tasks.map((task) => (task.name === stale?.name && changed ? { ...stale, inputs: [changed.output] } : task));
}

/** A Great Expectations-style check over the features table; it reads and writes nothing else. */
function qualityCheckTask(): DemoTask {
  return {
    name: `${DAG}.check_customer_features`,
    description: 'Validates the churn features before the model reads them.',
    owners: ['team:ml-platform'],
    integration: 'AIRFLOW',
    jobType: 'TASK',
    inputs: [customerFeatures],
    output: customerFeatures,
    sql: null,
    fields: {},
    dataset: [],
    rows: 0,
  };
}

function runEvent(
  eventType: EventType,
  time: Date,
  runId: string,
  jobName: string,
  jobFacets: Record<string, unknown>,
  runFacets: Record<string, unknown>,
  inputDatasets: unknown[],
  outputDatasets: unknown[],
): Record<string, unknown> {
  return {
    eventType,
    eventTime: time.toISOString(),
    run: { runId, facets: runFacets },
    job: { namespace: AIRFLOW, name: jobName, facets: jobFacets },
    inputs: inputDatasets,
    outputs: outputDatasets,
    producer: DEMO_PRODUCER,
    schemaURL: RUN_EVENT_SCHEMA,
  };
}

function jobFacets(
  task: Pick<DemoTask, 'description' | 'owners' | 'integration' | 'jobType' | 'sql'>,
): Record<string, unknown> {
  return {
    jobType: jobTypeFacet(task.integration, task.jobType),
    documentation: documentationFacet(task.description, 'Job'),
    ownership: ownershipFacet(task.owners, 'Job'),
    ...(task.sql ? { sql: sqlFacet(task.sql) } : {}),
  };
}

function datasetFacets(table: DemoTable): Record<string, unknown> {
  return {
    schema: schemaFacet(table.fields),
    dataSource: dataSourceFacet(table.namespace),
    documentation: documentationFacet(table.description, 'Dataset'),
    ownership: ownershipFacet(table.owners, 'Dataset'),
  };
}

function inputs(task: DemoTask, day: number, withAssertions: boolean): unknown[] {
  return task.inputs.map((table) => {
    const assertions = withAssertions ? assertionsFor(table, day) : [];
    return {
      namespace: table.namespace,
      name: table.name,
      facets: datasetFacets(table),
      ...(assertions.length > 0
        ? { inputFacets: { dataQualityAssertions: dataQualityAssertionsFacet(assertions) } }
        : {}),
    };
  });
}

/** `day` null for a START event: no statistics or column lineage until the run completes. */
function outputs(task: DemoTask, day: number, completedDay: number | null, random: DemoContext['random']): unknown[] {
  if (task.rows === 0) return [];
  const facets = datasetFacets(task.output);
  if (completedDay === null) return [{ namespace: task.output.namespace, name: task.output.name, facets }];
  const rows = Math.round(task.rows * (1 + 0.012 * day) + random.int(-400, 400));
  return [
    {
      namespace: task.output.namespace,
      name: task.output.name,
      facets: { ...facets, columnLineage: columnLineageFacet(task.fields, task.dataset) },
      outputFacets: {
        outputStatistics: outputStatisticsFacet(Math.max(0, rows), Math.max(0, rows) * random.int(90, 160)),
      },
    },
  ];
}

/** The checks run against a table when a task reads it, as dbt tests or Great Expectations would report them. */
function assertionsFor(table: DemoTable, day: number): DemoAssertion[] {
  const table_ = table.name.slice(table.name.lastIndexOf('.') + 1);
  switch (table_) {
    case 'stg_customers':
      return [
        { assertion: 'not_null', success: true, column: 'customer_id', severity: 'error' },
        { assertion: 'unique', success: true, column: 'customer_id', severity: 'error' },
      ];
    case 'stg_usage_events':
      return [
        { assertion: 'not_null', success: day !== BAD_USAGE_DAY, column: 'customer_id', severity: 'warn' },
        { assertion: 'accepted_values', success: true, column: 'event_type', severity: 'warn' },
      ];
    case 'stg_payments':
      return [
        { assertion: 'not_null', success: true, column: 'amount', severity: 'error' },
        { assertion: 'accepted_values', success: true, column: 'status', severity: 'error' },
      ];
    case 'customer_features':
      return [
        { assertion: 'not_null', success: true, column: 'customer_id', severity: 'error' },
        { assertion: 'unique', success: true, column: 'customer_id', severity: 'error' },
        { assertion: 'expect_column_values_to_be_between', success: true, column: 'total_paid_90d', severity: 'error' },
        { assertion: 'row_count', success: day !== BAD_USAGE_DAY, severity: 'warn' },
      ];
    default:
      return [];
  }
}
