/** Runs the CLI inside the test process (fast): what it prints on stdout and stderr, and the exit code it sets. */
import { runCli } from '../../src/cli/main.js';

export interface CliRun {
  out: string;
  err: string;
  code: number;
}

export async function runCliCaptured(args: readonly string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const { log, error } = console;
  console.log = (...a: unknown[]) => void (out += `${a.join(' ')}\n`);
  console.error = (...a: unknown[]) => void (err += `${a.join(' ')}\n`);
  process.exitCode = undefined;
  try {
    await runCli(['node', 'calm-keys', ...args]);
  } finally {
    console.log = log;
    console.error = error;
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { out, err, code };
}
