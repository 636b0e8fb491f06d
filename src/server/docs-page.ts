import { z } from 'zod';

/**
 * Renders an OpenAPI document as one self-contained HTML page (no scripts, no external files),
 * so `/api/docs` is readable on an air-gapped machine and under a strict Content Security Policy.
 */

const parameterSchema = z.object({
  name: z.string().optional(),
  in: z.string().optional(),
  required: z.boolean().optional(),
  description: z.string().optional(),
  schema: z
    .object({ type: z.string().optional(), default: z.unknown().optional(), enum: z.array(z.unknown()).optional() })
    .optional(),
});

const operationSchema = z.object({
  summary: z.string().optional(),
  description: z.string().optional(),
  tags: z.array(z.string()).optional(),
  parameters: z.array(parameterSchema).optional(),
  requestBody: z.unknown().optional(),
  responses: z.record(z.string(), z.object({ description: z.string().optional() })).optional(),
});

const documentSchema = z.object({
  info: z.object({ title: z.string().optional(), version: z.string().optional(), description: z.string().optional() }),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
});

type Parameter = z.infer<typeof parameterSchema>;
type Operation = z.infer<typeof operationSchema>;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function escapeHtml(text: unknown): string {
  return String(text ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

function renderParameters(parameters: readonly Parameter[]): string {
  if (parameters.length === 0) return '';
  const rows = parameters.map((parameter) => {
    const schema = parameter.schema ?? { type: undefined, default: undefined, enum: undefined };
    const type = schema.enum ? schema.enum.join(' | ') : (schema.type ?? '');
    const fallback = schema.default === undefined ? '' : ` (default ${JSON.stringify(schema.default)})`;
    return `<tr><td><code>${escapeHtml(parameter.name)}</code>${parameter.required ? ' *' : ''}</td><td>${escapeHtml(parameter.in)}</td><td>${escapeHtml(type)}</td><td>${escapeHtml(parameter.description)}${escapeHtml(fallback)}</td></tr>`;
  });
  return `<table><tr><th>name</th><th>in</th><th>type</th><th>description</th></tr>${rows.join('')}</table>`;
}

function renderOperation(path: string, method: string, operation: Operation): string {
  const responses = Object.entries(operation.responses ?? {})
    .map(([status, response]) => `<li><code>${escapeHtml(status)}</code> ${escapeHtml(response.description)}</li>`)
    .join('');
  return [
    `<section class="op" id="${escapeHtml(`${method}-${path}`)}">`,
    `<h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>`,
    operation.summary ? `<p>${escapeHtml(operation.summary)}</p>` : '',
    operation.description ? `<p class="desc">${escapeHtml(operation.description)}</p>` : '',
    renderParameters(operation.parameters ?? []),
    operation.requestBody ? '<p>Request body: JSON (see the OpenAPI document).</p>' : '',
    responses ? `<ul>${responses}</ul>` : '',
    '</section>',
  ].join('');
}

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}
h2{border-bottom:1px solid #d0d7de;padding-bottom:.3rem;margin-top:2.5rem}.op{border:1px solid #d0d7de;border-radius:6px;padding:.2rem 1rem;margin:1rem 0}
.method{font-weight:700;padding:.1rem .4rem;border-radius:4px;color:#fff;background:#0969da}.post{background:#1a7f37}.delete{background:#cf222e}
table{border-collapse:collapse;width:100%;font-size:14px}td,th{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left;vertical-align:top}
.desc{color:#57606a}code{font-size:13px}`;

/** The HTML documentation page for an OpenAPI document. */
export function renderDocsPage(input: unknown): string {
  const document = documentSchema.parse(input);
  const byTag = new Map<string, string[]>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const parsed = operationSchema.safeParse(item[method]);
      if (item[method] === undefined || !parsed.success) continue;
      const operation = parsed.data;
      const tag = operation.tags?.[0] ?? 'Other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), renderOperation(path, method, operation)]);
    }
  }
  const sections = [...byTag.entries()].map(([tag, operations]) => `<h2>${escapeHtml(tag)}</h2>${operations.join('')}`);
  const title = `${document.info.title ?? 'API'} ${document.info.version ?? ''}`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(document.info.description)}</p><p>Machine-readable: <a href="/api/docs/openapi.json">/api/docs/openapi.json</a> (OpenAPI 3).</p>${sections.join('')}</body></html>`;
}
