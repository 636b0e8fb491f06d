import type { DatasetAlias } from '../../model/mutation.js';
import { datasetId } from '../../model/node-id.js';
import type { ParsedDataset, ParsedEvent } from './parse-event.js';

/** A dataset's canonical identity after alias resolution. */
export interface DatasetRef {
  id: string;
  namespace: string;
  name: string;
}

/** Resolves a dataset named in an event to its canonical identity. */
export type DatasetResolver = (namespace: string, name: string) => DatasetRef;

/** Recorded aliases: the canonical identity of a dataset id that is an alias, or undefined. */
export interface AliasLookup {
  get(id: string): DatasetRef | undefined;
}

/** Every dataset an event names: its inputs, outputs or static dataset. */
export function eventDatasets(event: ParsedEvent): ParsedDataset[] {
  return event.kind === 'dataset' ? [event.dataset] : [...event.inputs, ...event.outputs];
}

/**
 * The aliases an event declares through `symlinks`. When a dataset has a TABLE-type symlink
 * (Spark names a file path and links it to its Hive table) that table is canonical and the dataset
 * and its other identifiers are its aliases; otherwise the dataset itself is canonical and its
 * identifiers (a Hive table's LOCATION) are aliases of it.
 */
export function declaredAliases(event: ParsedEvent): { aliases: DatasetAlias[]; refs: DatasetRef[] } {
  const aliases = new Map<string, string>();
  const refs: DatasetRef[] = [];
  for (const dataset of eventDatasets(event)) {
    const identifiers = dataset.standard.symlinks?.identifiers ?? [];
    if (identifiers.length === 0) continue;
    const self = ref(dataset.namespace, dataset.name);
    const table = identifiers.find((identifier) => identifier.type.toUpperCase() === 'TABLE');
    const canonical = table ? ref(table.namespace, table.name) : self;
    refs.push(canonical);
    for (const other of [self, ...identifiers.map((identifier) => ref(identifier.namespace, identifier.name))]) {
      if (other.id !== canonical.id && !aliases.has(other.id)) aliases.set(other.id, canonical.id);
    }
  }
  return { aliases: [...aliases].map(([alias, canonical]) => ({ alias, canonical })), refs };
}

/** Every dataset id an event mentions, including column-lineage inputs and symlink targets. */
export function mentionedDatasetIds(event: ParsedEvent): string[] {
  const ids = new Set<string>();
  for (const dataset of eventDatasets(event)) {
    ids.add(datasetId(dataset.namespace, dataset.name));
    for (const identifier of dataset.standard.symlinks?.identifiers ?? []) {
      ids.add(datasetId(identifier.namespace, identifier.name));
    }
    const lineage = dataset.standard.columnLineage;
    if (lineage) {
      for (const input of [
        ...Object.values(lineage.fields).flatMap((f) => f.inputFields),
        ...(lineage.dataset ?? []),
      ]) {
        ids.add(datasetId(input.namespace, input.name));
      }
    }
  }
  return [...ids];
}

/**
 * Builds the resolver for one event: an id is first mapped through the aliases the event itself
 * declares, then through the aliases already recorded in the store (`stored`, the canonical
 * identities of {@link Store.resolveAliases} results).
 */
export function createDatasetResolver(
  declared: { aliases: readonly DatasetAlias[]; refs: readonly DatasetRef[] },
  stored: AliasLookup,
): DatasetResolver {
  const known = new Map<string, DatasetRef>();
  for (const canonical of declared.refs) known.set(canonical.id, canonical);
  const local = new Map(declared.aliases.map((alias) => [alias.alias, alias.canonical]));
  return (namespace, name) => {
    const own = ref(namespace, name);
    const localId = local.get(own.id);
    const first = localId !== undefined ? (known.get(localId) ?? own) : own;
    return stored.get(first.id) ?? first;
  };
}

/** The aliases to record, with every canonical id itself resolved (no alias points at an alias). */
export function resolvedAliases(aliases: readonly DatasetAlias[], stored: AliasLookup): DatasetAlias[] {
  const out: DatasetAlias[] = [];
  for (const alias of aliases) {
    const canonical = stored.get(alias.canonical)?.id ?? alias.canonical;
    if (canonical !== alias.alias) out.push({ alias: alias.alias, canonical });
  }
  return out;
}

function ref(namespace: string, name: string): DatasetRef {
  return { id: datasetId(namespace, name), namespace, name };
}
