import type { z } from 'zod';
import { InputError } from '../../model/errors.js';
import {
  getRunSchema,
  type MlflowModelVersion,
  type MlflowRegisteredModel,
  type MlflowRun,
  searchModelVersionsSchema,
  searchRegisteredModelsSchema,
} from './mlflow-schema.js';
import { zodInputError } from './parse-manifest.js';

/** Everything the importer reads from one tracking server: registered models, their versions, the versions' runs. */
export interface MlflowSnapshot {
  trackingUri: string;
  models: { model: MlflowRegisteredModel; versions: { version: MlflowModelVersion; run: MlflowRun | null }[] }[];
}

const PAGE_SIZE = 100;
/** Stops a server that keeps answering with page tokens. */
const MAX_PAGES = 1000;

/**
 * Reads registered models, their model versions and each version's run from an MLflow tracking
 * server's REST API 2.0 (`/api/2.0/mlflow/...`). Every answer is parsed with zod; a server that
 * cannot be reached or answers an error is reported with the URL it failed on.
 */
export async function fetchMlflowSnapshot(
  trackingUri: string,
  options: { fetch?: typeof fetch; token?: string } = {},
): Promise<MlflowSnapshot> {
  const base = trackingUri.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;

  async function get<S extends z.ZodType>(
    path: string,
    query: Record<string, string>,
    schema: S,
  ): Promise<z.output<S>> {
    const url = new URL(`${base}/api/2.0/mlflow/${path}`);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    let response: Response;
    try {
      response = await doFetch(url, { headers });
    } catch (error) {
      throw new InputError(`cannot reach the MLflow tracking server at ${base}: ${(error as Error).message}`, {
        path: '--tracking-uri',
        cause: error,
      });
    }
    const text = await response.text();
    if (!response.ok) {
      throw new InputError(`MLflow answered ${response.status} to GET ${url.pathname}: ${text.slice(0, 300)}`, {
        path: '--tracking-uri',
      });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new InputError(`MLflow answered GET ${url.pathname} with something that is not JSON`, {
        path: '--tracking-uri',
        cause: error,
      });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw zodInputError(`unexpected MLflow answer to GET ${url.pathname}`, parsed.error.issues);
    return parsed.data;
  }

  async function paged<T>(
    fetchPage: (token: string | undefined) => Promise<{ items: T[]; next?: string | undefined }>,
  ) {
    const out: T[] = [];
    let token: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await fetchPage(token);
      out.push(...answer.items);
      token = answer.next;
      if (!token) break;
    }
    return out;
  }

  const models = await paged(async (token) => {
    const answer = await get(
      'registered-models/search',
      { max_results: String(PAGE_SIZE), ...(token ? { page_token: token } : {}) },
      searchRegisteredModelsSchema,
    );
    return { items: answer.registered_models, next: answer.next_page_token };
  });

  const snapshot: MlflowSnapshot = { trackingUri: base, models: [] };
  const runs = new Map<string, MlflowRun>();
  for (const model of models) {
    const versions = await paged(async (token) => {
      const filter = `name='${model.name.replace(/'/g, "\\'")}'`;
      const answer = await get(
        'model-versions/search',
        { filter, max_results: String(PAGE_SIZE), ...(token ? { page_token: token } : {}) },
        searchModelVersionsSchema,
      );
      return { items: answer.model_versions, next: answer.next_page_token };
    });
    const entries = [];
    for (const version of versions) {
      let run: MlflowRun | null = null;
      if (version.run_id) {
        const cached = runs.get(version.run_id);
        run = cached ?? (await get('runs/get', { run_id: version.run_id }, getRunSchema)).run;
        runs.set(version.run_id, run);
      }
      entries.push({ version, run });
    }
    snapshot.models.push({ model, versions: entries });
  }
  return snapshot;
}
