import { Command } from 'commander';
import { registerAnnotateCommand } from './commands/annotate.js';
import { registerApplyCommand } from './commands/apply.js';
import { registerAuditCommand } from './commands/audit.js';
import { registerChangesCommand } from './commands/changes.js';
import { registerCheckCommand } from './commands/check.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerDiffCommand } from './commands/diff.js';
import { registerDriftCommand } from './commands/drift.js';
import { registerExportCommands } from './commands/export.js';
import { registerHealthCommands } from './commands/health.js';
import { registerImpactCommand } from './commands/impact.js';
import { registerIncidentCommand } from './commands/incident.js';
import { registerIngestCommand } from './commands/ingest.js';
import { registerIngestDbtCommand } from './commands/ingest-dbt.js';
import { registerIngestMlCommands } from './commands/ingest-ml.js';
import { registerIngestPredictionsCommand } from './commands/ingest-predictions.js';
import { registerLeakageCommand } from './commands/leakage.js';
import { registerLineageCommand } from './commands/lineage.js';
import { registerMcpCommand } from './commands/mcp.js';
import { registerReproduceCommand } from './commands/reproduce.js';
import { registerRetentionCommand } from './commands/retention.js';
import { registerRootCauseCommand } from './commands/root-cause.js';
import { registerServeCommand } from './commands/serve.js';
import { registerSqlCommand } from './commands/sql.js';
import { registerSubscribeCommands } from './commands/subscribe.js';
import { registerTokenCommand } from './commands/token.js';
import { registerTraceCommand } from './commands/trace.js';
import { registerVerifyCommand } from './commands/verify.js';
import { reportError } from './errors.js';
import { type CliIo, processIo } from './io.js';
import { readPackageVersion } from './version.js';

/**
 * Builds the `rootline` program with every command registered against `io`. Commands print
 * through `io` only, so tests run them as functions with captured output.
 */
export function createProgram(io: CliIo): Command {
  const program = new Command('rootline')
    .description('Column-level lineage for machine learning: OpenLineage in, lineage graph out.')
    .version(readPackageVersion(), '-V, --version')
    // `--version` after a subcommand belongs to it (`rootline leakage ID --version 3`).
    .enablePositionalOptions()
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  registerServeCommand(program, io);
  registerIngestCommand(program, io);
  registerIngestDbtCommand(program, io);
  registerLineageCommand(program, io);
  registerDiffCommand(program, io);
  registerVerifyCommand(program, io);
  registerDemoCommand(program, io);
  registerApplyCommand(program, io);
  registerIngestPredictionsCommand(program, io);
  registerIngestMlCommands(program, io);
  registerTraceCommand(program, io);
  registerLeakageCommand(program, io);
  registerReproduceCommand(program, io);
  registerMcpCommand(program, io);
  registerImpactCommand(program, io);
  registerRootCauseCommand(program, io);
  registerChangesCommand(program, io);
  registerHealthCommands(program, io);
  registerAnnotateCommand(program, io);
  registerTokenCommand(program, io);
  registerAuditCommand(program, io);
  registerRetentionCommand(program, io);
  registerExportCommands(program, io);
  registerSqlCommand(program, io);
  registerIncidentCommand(program, io);
  registerSubscribeCommands(program, io);
  registerCheckCommand(program, io);
  registerDriftCommand(program, io);
  for (const command of program.commands) applyErrorHandling(command);
  return program;
}

/** Subcommands report errors the same way as the program (exit codes, no process.exit). */
function applyErrorHandling(command: Command): void {
  command.exitOverride().showHelpAfterError('(run with --help for usage)');
  for (const child of command.commands) applyErrorHandling(child);
}

/**
 * Runs the CLI with user arguments (no `node` or script path) and resolves to the exit code:
 * 0 on success, 2 for bad input (flags, files, ids), 1 for everything else.
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const program = createProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    return reportError(error, io, argv.includes('--json'));
  }
}

/** The process entry point used by `bin/rootline.js`. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  process.exitCode = await runCli(argv);
}
