import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { findNodeOrSuggest } from '../../analysis/find-node.js';
import { findLeakage, type LeakageFinding } from '../../analysis/leakage.js';
import { InputError, NotFoundError } from '../../model/errors.js';
import type { Store } from '../../store/store.js';
import { capList, describePage, pageOutput, startPaging } from '../budget.js';
import { shortenPath } from '../compact.js';
import { cursorInput, nodeIdInput, readNodeId } from '../inputs.js';
import type { ToolContext } from '../tool-context.js';
import { answerWith, toolResult } from '../tool-result.js';

const NAME = 'check_leakage';

const inputSchema = {
  trainingSet: nodeIdInput.describe('The training-set dataset id, e.g. dataset:feast://prod:churn_train.'),
  version: z.string().min(1).max(128).optional().describe('The training-set version; the latest when omitted.'),
  cursor: cursorInput,
};

const findingOutput = z.object({
  feature: z.string(),
  label: z.string(),
  shared: z.array(z.string()),
  moreShared: z.number().int().optional(),
  featurePath: z.array(z.string()),
  labelPath: z.array(z.string()),
});

/** `check_leakage`: features of a training-set version whose lineage reaches the label's sources. */
export function registerCheckLeakageTool(server: McpServer, { store, budget }: ToolContext): void {
  server.registerTool(
    NAME,
    {
      title: 'Check label leakage',
      description:
        'Flags each feature of a training-set version whose upstream shares a source column with the label (or is ' +
        "the label column), through DIRECT and CONDITIONAL column edges as of the version's creation; joins, filters " +
        'and grouping alone do not count. Each finding has the shared columns and both paths.',
      inputSchema,
      outputSchema: {
        trainingSet: z.string(),
        version: z.string(),
        leaking: z.boolean(),
        findings: z.array(findingOutput),
        page: pageOutput,
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      answerWith(async () => {
        const paging = startPaging(NAME, args, budget);
        const { id, ref } = readNodeId(args.trainingSet, 'trainingSet');
        if (ref.kind !== 'dataset') {
          throw new InputError(`expected a training-set dataset id (dataset:NS:NAME), got a ${ref.kind} id`, {
            path: 'trainingSet',
          });
        }
        await findNodeOrSuggest(store, id);
        const version = args.version ?? (await latestVersion(store, id));
        const report = await findLeakage(store, id, version);
        const { answer, page } = paging.fit(
          { trainingSet: id, version, leaking: report.findings.length > 0 },
          'findings',
          report.findings.map(compactFinding),
        );
        const first = report.findings[0];
        const summary = first
          ? `${report.findings.length} feature(s) of ${id} version ${version} may leak the label ${first.label}: ` +
            `${report.findings
              .slice(0, 5)
              .map((finding) => finding.feature)
              .join(', ')}. The first shares ${first.shared.slice(0, 3).join(', ')} with the label. ` +
            describePage(page, 'findings')
          : `No leakage found in ${id} version ${version}: no feature derives directly from the label's sources.`;
        return toolResult(answer, summary.trim());
      }),
  );
}

async function latestVersion(store: Store, id: string): Promise<string> {
  const versions = await store.listDatasetVersions(id, { limit: 1 });
  const latest = versions.items[0];
  if (!latest) throw new NotFoundError(`'${id}' has no recorded versions; is it a training set?`);
  return latest.version;
}

function compactFinding(finding: LeakageFinding) {
  const shared = capList(finding.shared, 10);
  return {
    feature: finding.feature,
    label: finding.label,
    shared: shared.items,
    ...(shared.more ? { moreShared: shared.more } : {}),
    featurePath: shortenPath(finding.featurePath),
    labelPath: shortenPath(finding.labelPath),
  };
}
