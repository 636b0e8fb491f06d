import { createGunzip, createInflate } from 'node:zlib';
import type { FastifyInstance } from 'fastify';

type Decompressed = ReturnType<typeof createGunzip> & { receivedEncodedLength?: number };

/**
 * Accepts request bodies sent with `Content-Encoding: gzip` or `deflate` (the OpenLineage HTTP
 * transport's `compression` option). The body limit applies to the decompressed bytes, so a
 * small compressed bomb is still refused with 413.
 */
export function acceptCompressedBodies(app: FastifyInstance): void {
  app.addHook('preParsing', async (request, _reply, payload) => {
    const encoding = String(request.headers['content-encoding'] ?? '')
      .trim()
      .toLowerCase();
    if (encoding !== 'gzip' && encoding !== 'deflate') return payload;
    const decompressed: Decompressed = encoding === 'gzip' ? createGunzip() : createInflate();
    // Fastify compares Content-Length with the bytes received on the wire, not the inflated ones.
    let received = 0;
    payload.on('data', (chunk: Buffer) => {
      received += chunk.length;
      decompressed.receivedEncodedLength = received;
    });
    payload.on('error', (error) => decompressed.destroy(error));
    return payload.pipe(decompressed);
  });
}
