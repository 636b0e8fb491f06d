import type { Command } from 'commander';
import { annotationSchema } from '../../ingest/annotate/annotate-node.js';
import { InputError } from '../../model/errors.js';
import { parseNodeId } from '../../model/node-id.js';
import { withAnalysisBackend } from '../analysis-backend.js';
import { addCommonOptions, type CommonOptions } from '../connection.js';
import type { CliIo } from '../io.js';

interface AnnotateFlags extends CommonOptions {
  owner: string[];
  removeOwner: string[];
  tag: string[];
  removeTag: string[];
  description?: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** `rootline annotate ID --owner --tag --description`: hand annotations, recorded with their author. */
export function registerAnnotateCommand(program: Command, io: CliIo): void {
  addCommonOptions(
    program
      .command('annotate')
      .description('add or remove owners and tags of a node, or set its description')
      .argument('<node-id>', 'any dataset, column, job, model, model version or deployment id')
      .option('--owner <name>', 'add an owner (repeatable)', collect, [])
      .option('--remove-owner <name>', 'remove an owner (repeatable)', collect, [])
      .option('--tag <tag>', 'add a tag, e.g. pii (repeatable)', collect, [])
      .option('--remove-tag <tag>', 'remove a tag (repeatable)', collect, [])
      .option('--description <text>', 'set the description'),
  ).action(async (nodeId: string, flags: AnnotateFlags) => {
    parseNodeId(nodeId);
    const parsed = annotationSchema.safeParse({
      addOwners: flags.owner,
      removeOwners: flags.removeOwner,
      addTags: flags.tag,
      removeTags: flags.removeTag,
      ...(flags.description !== undefined ? { description: flags.description } : {}),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InputError(`${issue?.path.join('.') ?? 'annotation'}: ${issue?.message ?? 'invalid'}`, {
        path: String(issue?.path[0] ?? ''),
      });
    }
    const result = await withAnalysisBackend(flags, io, (backend) => backend.annotate(nodeId, parsed.data));
    if (flags.json) {
      io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return;
    }
    const owners = result.node.owners.map((owner) => owner.name).join(', ') || '-';
    io.stdout.write(`${result.node.id}\n  owners: ${owners}\n  tags: ${result.node.tags.join(', ') || '-'}\n`);
  });
}
