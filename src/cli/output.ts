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

/**
 * Runs `work`; a refusal whose code is in `refused` (something the user can fix) is printed as the server worded it,
 * with its code, and ends the command with exit 1; anything else goes up (exit 2 from the program).
 */
export async function refusedIsOne(refused: readonly string[], work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && refused.includes(code)) {
      writeError(error);
      throw new CliExit(1);
    }
    throw error;
  }
}

/** Rows as a plain text table: each column as wide as its widest cell, two spaces between, no trailing blanks. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
