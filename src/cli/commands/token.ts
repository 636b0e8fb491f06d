import type { Command } from 'commander';
import { z } from 'zod';
import { InputError } from '../../model/errors.js';
import { parseDuration } from '../../model/time.js';
import { KNOWN_SCOPES } from '../../server/auth/access.js';
import { issueToken } from '../../server/auth/token-secret.js';
import type { AccessToken } from '../../store/store.js';
import { addCommonOptions, type CommonOptions } from '../connection.js';
import { createStyle } from '../format/style.js';
import { formatTable } from '../format/table.js';
import type { CliIo } from '../io.js';
import { withConnection } from '../with-connection.js';

interface CreateOptions extends CommonOptions {
  role: string;
  namespaces?: string;
  scopes?: string;
  expires?: string;
  description?: string;
}

const tokenSchema = z.object({
  id: z.string(),
  role: z.enum(['viewer', 'editor', 'admin']),
  namespaces: z.array(z.string()).nullable(),
  scopes: z.array(z.string()),
  description: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
const createdSchema = z.object({ token: tokenSchema, secret: z.string() });

function list(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

function parseCreate(options: CreateOptions) {
  const role = z.enum(['viewer', 'editor', 'admin']).safeParse(options.role);
  if (!role.success) throw new InputError('--role must be viewer, editor or admin', { path: '--role' });
  const scopes = list(options.scopes);
  const unknown = scopes.find((scope) => !(KNOWN_SCOPES as readonly string[]).includes(scope));
  if (unknown)
    throw new InputError(`unknown scope '${unknown}'; known: ${KNOWN_SCOPES.join(', ')}`, { path: '--scopes' });
  const namespaces = list(options.namespaces);
  return {
    role: role.data,
    namespaces: namespaces.length > 0 ? namespaces : null,
    scopes,
    description: options.description ?? null,
    expires: options.expires,
  };
}

/** `rootline token create|list|revoke`: API tokens (admin), on the database or through a server. */
export function registerTokenCommand(program: Command, io: CliIo): void {
  const token = program.command('token').description('create, list and revoke API access tokens');
  addCommonOptions(
    token
      .command('create')
      .description('create a token and print its secret once (only its hash is stored)')
      .requiredOption(
        '--role <role>',
        'viewer (reads), editor (also ingests and annotates) or admin (also tokens, retention)',
      )
      .option('--namespaces <list>', 'comma-separated namespaces it may read and write (default: all)')
      .option('--scopes <list>', `comma-separated extra scopes: ${KNOWN_SCOPES.join(', ')}`)
      .option('--expires <duration>', 'lifetime such as 90d (default: never)')
      .option('--description <text>', 'what the token is for'),
  ).action(async (options: CreateOptions) => {
    const request = parseCreate(options);
    const expiresAt = request.expires
      ? new Date(Date.now() + parseDuration(request.expires, '--expires')).toISOString()
      : null;
    const created = await withConnection(options, io, {
      local: (store, actor) => issueToken(store, { ...request, expiresAt }, actor),
      server: (http) =>
        http.post(
          '/api/v2/tokens',
          {},
          {
            role: request.role,
            scopes: request.scopes,
            ...(request.namespaces ? { namespaces: request.namespaces } : {}),
            ...(request.expires ? { expires: request.expires } : {}),
            ...(request.description ? { description: request.description } : {}),
          },
          createdSchema,
        ),
    });
    if (options.json) {
      io.stdout.write(`${JSON.stringify(created, null, 2)}\n`);
      return;
    }
    const style = createStyle(io.isTTY, io.env ?? {});
    io.stdout.write(`${created.secret}\n`);
    io.stderr.write(
      `${style.dim(`token ${created.token.id} (${describe(created.token)}). The secret above is shown once; store it now.`)}\n`,
    );
  });

  addCommonOptions(token.command('list').description('list tokens (never their secrets)')).action(
    async (options: CommonOptions) => {
      const tokens = await withConnection(
        options,
        io,
        {
          local: (store) => store.listTokens(),
          server: async (http) =>
            (await http.get('/api/v2/tokens', {}, z.object({ tokens: z.array(tokenSchema) }))).tokens,
        },
        { mustExist: true },
      );
      if (options.json) {
        io.stdout.write(`${JSON.stringify({ tokens }, null, 2)}\n`);
        return;
      }
      const rows = tokens.map((t) => [
        t.id,
        t.role,
        t.namespaces?.join(',') ?? '*',
        t.scopes.join(',') || '-',
        t.createdAt.slice(0, 19),
        t.revokedAt
          ? `revoked ${t.revokedAt.slice(0, 10)}`
          : t.expiresAt
            ? `expires ${t.expiresAt.slice(0, 10)}`
            : 'active',
        t.description ?? '',
      ]);
      io.stdout.write(
        `${formatTable(
          ['id', 'role', 'namespaces', 'scopes', 'created', 'state', 'description'].map((header) => ({ header })),
          rows,
        )}\n`,
      );
    },
  );

  addCommonOptions(
    token.command('revoke').description('revoke a token at once').argument('<id>', 'token id (tok_...)'),
  ).action(async (id: string, options: CommonOptions) => {
    const revoked = await withConnection(
      options,
      io,
      {
        local: (store, actor) => store.revokeToken(id, actor),
        server: async (http) =>
          (await http.delete(`/api/v2/tokens/${encodeURIComponent(id)}`, z.object({ token: tokenSchema }))).token,
      },
      { mustExist: true },
    );
    if (!revoked) throw new InputError(`no token ${id}`, { path: 'id' });
    if (options.json) io.stdout.write(`${JSON.stringify({ token: revoked }, null, 2)}\n`);
    else io.stdout.write(`revoked ${revoked.id} at ${revoked.revokedAt ?? ''}\n`);
  });
}

function describe(token: AccessToken): string {
  const parts: string[] = [token.role];
  if (token.namespaces) parts.push(`namespaces ${token.namespaces.join(', ')}`);
  if (token.scopes.length > 0) parts.push(`scopes ${token.scopes.join(', ')}`);
  if (token.expiresAt) parts.push(`expires ${token.expiresAt}`);
  return parts.join('; ');
}
