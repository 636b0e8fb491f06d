import type { DemoStep } from './scenario.js';
import { churnModelStep } from './steps/churn-model.js';
import { dbtMarketingStep } from './steps/dbt-marketing.js';
import { warehouseRunsStep } from './steps/warehouse-runs.js';

/** The demo's story, in order. Append a step to extend it (dbt artifacts, features, models). */
export const DEMO_STEPS: readonly DemoStep[] = [warehouseRunsStep, churnModelStep, dbtMarketingStep];
