/** Small helpers for what the CLI prints: results on stdout, diagnostics on stderr, never a stack trace. */
import { isDomainError } from '../shared/index.js';

/** Thrown by a command to end the process with a given exit code after it has printed its result. */
export class CliExit extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}

export function writeError(error: unknown): void {
  if (isDomainError(error)) {
    console.error(`error: ${error.message} (${error.code})`);
    for (const problem of error.details) console.error(`  - ${problem.path}: ${problem.message}`);
    for (const warning of error.warnings) console.error(`  warning: ${warning.path}: ${warning.message}`);
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  console.error(`error: ${message}`);
}
