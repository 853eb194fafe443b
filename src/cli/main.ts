/**
 * The `calm-keys` command line. Each command lives in its own `*.command.ts` file and registers itself
 * on the program here. Exit codes: 0 success, 1 the checked thing is bad (invalid key, failed test),
 * 2 usage or internal error.
 */
import { Command, CommanderError } from 'commander';
import { registerKeyCommands } from './key.command.js';
import { registerServeCommand } from './serve.command.js';
import { registerSigningKeyCommands } from './signing-keys.command.js';
import { registerBtpCommands } from './btp.command.js';
import { registerAgentCommands } from './agent.command.js';
import { registerLandscapeCommands } from './lm.command.js';
import { registerWebhookCommands } from './webhooks.command.js';
import { registerFaultCommands } from './faults.command.js';
import { registerClockCommands } from './clock.command.js';
import { registerAdminCommands } from './admin.command.js';
import { registerBackupCommands } from './backup.command.js';
import { registerUserCommands } from './users.command.js';
import { CliExit, writeError } from './output.js';

export function buildProgram(): Command {
  const program = new Command()
    .name('calm-keys')
    .description('SAP Cloud ALM service keys: check and test keys, and run the calm-keys server.')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  registerServeCommand(program);
  registerKeyCommands(program);
  registerSigningKeyCommands(program);
  registerBtpCommands(program);
  registerAgentCommands(program);
  registerLandscapeCommands(program);
  registerWebhookCommands(program);
  registerFaultCommands(program);
  registerClockCommands(program);
  registerAdminCommands(program);
  registerBackupCommands(program);
  registerUserCommands(program);
  return program;
}

export async function runCli(argv: readonly string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    process.exitCode = exitCodeFor(error);
  }
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CliExit) return error.exitCode;
  if (error instanceof CommanderError) {
    // help and version are "errors" to commander, but successful runs to the user
    return error.exitCode === 0 ? 0 : 2;
  }
  writeError(error);
  return 2;
}

// Allow `tsx src/cli/main.ts ...` during development.
if (import.meta.url === `file://${process.argv[1]}`) {
  await runCli(process.argv);
}
