import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
};

/**
 * Serves the built UI and answers `/api/v2/lineage` with a fixed generated graph; every other API
 * route is a JSON 404, which the UI shows as an empty state. Keeps the benchmark about the UI.
 */
export async function startBenchServer(
  webRoot: string,
  lineage: () => string,
): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (path === '/api/v2/lineage') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(lineage());
      return;
    }
    if (path.startsWith('/api/')) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { name: 'NotFoundError', message: `no route for GET ${path}` } }));
      return;
    }
    const file = normalize(join(webRoot, path === '/' ? 'index.html' : path));
    if (!file.startsWith(webRoot)) {
      response.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (data) => {
        response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
        response.end(data);
      },
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('bench server is not on a TCP port');
  return { url: `http://127.0.0.1:${address.port}`, server };
}
