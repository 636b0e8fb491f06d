import type { Command } from 'commander';
import type { z } from 'zod';
import { openIncident, openIncidentSchema, updateIncident, updateIncidentSchema } from '../../active/incidents.js';
import { InputError } from '../../model/errors.js';
import { inputErrorFromZod } from '../../server/parse-input.js';
import type { Incident } from '../../store/active-store.js';
import { incidentListSchema, oneIncidentSchema } from '../active-schemas.js';
import { addCommonOptions, type CommonOptions } from '../connection.js';
import { formatTable } from '../format/table.js';
import type { CliIo } from '../io.js';
import { withConnection } from '../with-connection.js';

interface OpenFlags extends CommonOptions {
  title: string;
  severity?: string;
  note?: string;
}

interface UpdateFlags extends CommonOptions {
  note?: string;
  title?: string;
  severity?: string;
}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw inputErrorFromZod(parsed.error, 'flags');
  return parsed.data;
}

function print(io: CliIo, json: boolean | undefined, incidents: Incident[]): void {
  if (json) {
    io.stdout.write(`${JSON.stringify(incidents.length === 1 ? incidents[0] : incidents, null, 2)}\n`);
    return;
  }
  const rows = incidents.map((i) => [i.id, i.status, i.severity, i.nodeId, i.title, i.openedAt]);
  io.stdout.write(
    `${formatTable(
      ['id', 'status', 'severity', 'node', 'title', 'opened'].map((header) => ({ header })),
      rows,
    )}\n`,
  );
}

/** `rootline incident open|update|resolve|list`: incidents on nodes, on the database or through a server. */
export function registerIncidentCommand(program: Command, io: CliIo): void {
  const incident = program.command('incident').description('open, update, resolve and list incidents on nodes');

  addCommonOptions(
    incident
      .command('open <node>')
      .description('open an incident on a node (it then shows on reads and root cause downstream)')
      .requiredOption('--title <text>', 'what is wrong')
      .option('--severity <level>', 'low, medium, high or critical (default medium)')
      .option('--note <text>', 'a first note'),
  ).action(async (node: string, flags: OpenFlags) => {
    const input = parse(openIncidentSchema, { node, title: flags.title, severity: flags.severity, note: flags.note });
    const opened = await withConnection(flags, io, {
      local: (store, actor) => openIncident(store, input, actor),
      server: async (http) => (await http.post('/api/v2/incidents', {}, input, oneIncidentSchema)).incident,
    });
    print(io, flags.json, [opened]);
  });

  addCommonOptions(
    incident
      .command('update <id>')
      .description('add a note, or change the title or severity')
      .option('--note <text>', 'a note')
      .option('--title <text>', 'a new title')
      .option('--severity <level>', 'low, medium, high or critical'),
  ).action(async (id: string, flags: UpdateFlags) => {
    const change = parse(updateIncidentSchema, { note: flags.note, title: flags.title, severity: flags.severity });
    const updated = await withConnection(flags, io, {
      local: (store, actor) => updateIncident(store, id, change, actor),
      server: async (http) =>
        (await http.patch(`/api/v2/incidents/${encodeURIComponent(id)}`, change, oneIncidentSchema)).incident,
    });
    print(io, flags.json, [updated]);
  });

  addCommonOptions(
    incident.command('resolve <id>').description('resolve an incident').option('--note <text>', 'a closing note'),
  ).action(async (id: string, flags: CommonOptions & { note?: string }) => {
    const body = flags.note ? { note: flags.note } : {};
    const resolved = await withConnection(flags, io, {
      local: (store, actor) => updateIncident(store, id, { ...body, resolve: true }, actor),
      server: async (http) =>
        (await http.post(`/api/v2/incidents/${encodeURIComponent(id)}/resolve`, {}, body, oneIncidentSchema)).incident,
    });
    print(io, flags.json, [resolved]);
  });

  addCommonOptions(
    incident.command('list').description('incidents, newest first').option('--status <status>', 'open or resolved'),
  ).action(async (flags: CommonOptions & { status?: string }) => {
    if (flags.status !== undefined && flags.status !== 'open' && flags.status !== 'resolved') {
      throw new InputError('--status must be open or resolved', { path: '--status' });
    }
    const status = flags.status;
    const listed = await withConnection(flags, io, {
      local: async (store) =>
        (await store.active.listIncidents(status ? { status, limit: 1000 } : { limit: 1000 })).items,
      server: async (http) =>
        (await http.get('/api/v2/incidents', { status, limit: 1000 }, incidentListSchema)).incidents,
    });
    if (flags.json) io.stdout.write(`${JSON.stringify(listed, null, 2)}\n`);
    else print(io, false, listed);
  });
}
