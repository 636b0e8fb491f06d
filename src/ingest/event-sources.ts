import type { EventSource } from '../store/store.js';

/**
 * Every {@link EventSource}, for the zod enums of the boundaries that name a source (export
 * files, the audit filter). The check below fails to compile when the store adds a source this
 * list lacks, so the boundaries cannot fall behind the contract.
 */
export const EVENT_SOURCES = [
  'openlineage',
  'dbt',
  'apply',
  'annotate',
  'mlflow',
  'feast',
  'admin',
  'import',
  'audit',
  'retention',
] as const satisfies readonly EventSource[];

/** A source of the contract missing from {@link EVENT_SOURCES}; `never` while the list is complete. */
export type UnlistedEventSource = Exclude<EventSource, (typeof EVENT_SOURCES)[number]>;
type RequireNever<T extends never> = T;
export type EventSourcesComplete = RequireNever<UnlistedEventSource>;
