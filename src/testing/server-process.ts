/**
 * Starts `calm-keys serve` as a child process and reads its ready line (src/main/announce.ts: the last line of the
 * announcement, `calm-keys ready {json}`), the one machine-readable contract between the server and this helper.
 *
 * A child process rather than the server inside the test's own process: the test runner's Node, its globals
 * (fake timers, a global fetch dispatcher, NODE_ENV) and its crash handling stay the test's own; the server is
 * exactly what `npx calm-keys serve` runs, with its native SQLite binding and its own event loop, so a slow
 * handler in a test never slows the server's answers; and `stop()` is a SIGTERM, the drain users get.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const READY_PREFIX = 'calm-keys ready ';

/** What the ready line says (no secret in it). */
export interface ReadyFacts {
  readonly url: string;
  readonly publicUrl: string;
  readonly port: number;
  readonly tokenUrl: string;
  readonly mtlsUrl: string | null;
  readonly mtlsPort: number | null;
  readonly caFile: string | null;
  readonly adminUser: string;
}

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly ready: ReadyFacts;
  /** Everything the server printed (stdout and stderr), for a failing test's message. */
  output(): string;
  stop(): Promise<void>;
}

/** The published entry point beside this file: dist/testing/ -> bin/calm-keys.js of the same package. */
export function defaultServerCommand(): readonly string[] {
  return [process.execPath, fileURLToPath(new URL('../../bin/calm-keys.js', import.meta.url))];
}

export async function startServerProcess(
  command: readonly string[],
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  startTimeoutMs: number,
): Promise<ServerProcess> {
  const [file, ...leading] = command;
  if (!file) throw new Error('startCalmKeys: the server command is empty');
  const child = spawn(file, [...leading, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let exit: string | undefined;
  const ended = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exit = String(code ?? signal);
      resolve();
    }),
  );
  child.stderr!.on('data', (chunk: Buffer) => void (out += chunk.toString('utf8')));
  const ready = await new Promise<ReadyFacts>((resolve, reject) => {
    let pending = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`calm-keys did not start within ${startTimeoutMs} ms:\n${out}`));
    }, startTimeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      out += text;
      pending += text;
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        if (!line.startsWith(READY_PREFIX)) continue;
        clearTimeout(timer);
        resolve(JSON.parse(line.slice(READY_PREFIX.length)) as ReadyFacts);
      }
    });
    void ended.then(() => {
      clearTimeout(timer);
      reject(new Error(`calm-keys ended (${exit}) before it was ready:\n${out}`));
    });
  });
  return {
    child,
    ready,
    output: () => out,
    async stop() {
      if (exit === undefined) child.kill('SIGTERM');
      // the server drains in-flight requests; a hung drain must not hang the test suite
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await ended;
      clearTimeout(timer);
    },
  };
}
