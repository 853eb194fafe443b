/** `calm-keys serve`: runs the server on the embedded defaults, or on what the environment and flags say. */
import type { Command } from 'commander';
import { loadConfig, type Flags } from '../config/index.js';
import { startServer, type RunningServer } from '../main.js';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Start the calm-keys server (HTTPS with a generated local CA, SQLite under ./data by default).')
    .option('--port <port>', 'HTTPS port (env CALM_KEYS_PORT, default 8443)')
    .option('--host <address>', 'address to bind (env CALM_KEYS_HOST, default 127.0.0.1)')
    .option('--public-url <url>', 'URL clients use to reach this server (env CALM_KEYS_PUBLIC_URL)')
    .option(
      '--data-dir <dir>',
      'where the database, master key and certificates live (env CALM_KEYS_DATA_DIR, default ./data)',
    )
    .option('--database-url <url>', 'postgres://... to use PostgreSQL instead of SQLite (env DATABASE_URL)')
    .option('--log-level <level>', 'fatal|error|warn|info|debug|trace|silent (env CALM_KEYS_LOG_LEVEL)')
    .option('--tls <mode>', 'local (HTTPS with the local CA) or off (plain HTTP) (env CALM_KEYS_TLS)')
    .option(
      '--dev-clock',
      'tests only: the calm-keys Administrator may move the clock forward (calm-keys clock advance 13h) (env CALM_KEYS_DEV_CLOCK=true)',
    )
    .option('--seed <file>', 'YAML or JSON landscape to create what is missing of, on every start (env CALM_KEYS_SEED)')
    .option(
      '--in-memory',
      'SQLite in memory and a temporary data directory removed at exit, for test suites (env CALM_KEYS_IN_MEMORY=true)',
    )
    .action(
      async (options: {
        seed?: string;
        inMemory?: boolean;
        port?: string;
        host?: string;
        publicUrl?: string;
        dataDir?: string;
        databaseUrl?: string;
        logLevel?: string;
        tls?: string;
        devClock?: boolean;
      }) => {
        const flags: Flags = {
          port: options.port,
          host: options.host,
          publicUrl: options.publicUrl,
          dataDir: options.dataDir,
          databaseUrl: options.databaseUrl,
          logLevel: options.logLevel,
          tls: options.tls,
          devClock: options.devClock === true ? 'true' : undefined,
        };
        flags.seed = options.seed;
        if (options.inMemory === true) flags.inMemory = 'true';
        const config = loadConfig(flags);
        // listening for the stop before the start: a test suite may send SIGTERM as soon as it reads the ready
        // line, which the start prints before it returns
        const stop = stopOnSignal(config.shutdownTimeoutMs);
        let server: RunningServer;
        try {
          server = await startServer(config);
        } catch (error) {
          stop.cancel();
          throw error;
        }
        process.exitCode = await stop.drain(server);
      },
    );
}

/**
 * Waits for SIGTERM or SIGINT, then drains: no new connections, idle keep-alive sockets closed, requests in
 * flight answered, the database closed (SQLite checkpoints its WAL into the database file on close). `drain`
 * resolves with the exit code: 0 when the drain finished in time. A signal during the start is kept until the
 * start has finished (then the drain begins at once), so that a stop right after the ready line drains too and
 * `--in-memory` leaves nothing behind. A second signal, or a drain longer than `timeoutMs`, ends the process at
 * once (exit 130 / 143 for the signal, 1 for the timeout): what was not committed by then is rolled back by the
 * database, as after a crash.
 */
function stopOnSignal(timeoutMs: number): { drain(server: RunningServer): Promise<number>; cancel(): void } {
  let server: RunningServer | undefined;
  let requested: NodeJS.Signals | undefined;
  let finish: (code: number) => void = () => undefined;
  const stopped = new Promise<number>((resolve) => (finish = resolve));

  const drainNow = (running: RunningServer, signal: NodeJS.Signals) => {
    console.error(
      `\n${signal} received: draining requests in flight (at most ${timeoutMs} ms), then closing the database; send it again to stop at once.`,
    );
    const timer = setTimeout(() => {
      console.error(`Requests still in flight after ${timeoutMs} ms (CALM_KEYS_SHUTDOWN_TIMEOUT_MS): stopping anyway.`);
      running.removeTemporaryData();
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    running.close().then(
      () => {
        clearTimeout(timer);
        console.error('Stopped cleanly.');
        finish(0);
      },
      (error: unknown) => {
        clearTimeout(timer);
        console.error(error);
        finish(1);
      },
    );
  };
  const first = (signal: NodeJS.Signals) => {
    process.off('SIGINT', first);
    process.off('SIGTERM', first);
    const again = (second: NodeJS.Signals) => {
      console.error(`${second} received again: stopping at once without waiting for requests in flight.`);
      server?.removeTemporaryData(); // --in-memory leaves nothing behind, also when stopped at once
      process.exit(second === 'SIGINT' ? 130 : 143);
    };
    process.once('SIGINT', again);
    process.once('SIGTERM', again);
    if (server) drainNow(server, signal);
    else {
      requested = signal;
      console.error(`\n${signal} received while starting: stopping as soon as the start has finished.`);
    }
  };
  process.on('SIGINT', first);
  process.on('SIGTERM', first);
  return {
    drain(running) {
      server = running;
      if (requested) drainNow(running, requested);
      return stopped;
    },
    cancel() {
      process.off('SIGINT', first);
      process.off('SIGTERM', first);
    },
  };
}
