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
        const server = await startServer(config);
        process.exitCode = await drainOnSignal(server, config.shutdownTimeoutMs);
      },
    );
}

/**
 * Waits for SIGTERM or SIGINT, then drains: no new connections, idle keep-alive sockets closed, requests in
 * flight answered, the database closed (SQLite checkpoints its WAL into the database file on close). Resolves
 * with the exit code: 0 when the drain finished in time. A second signal, or a drain longer than `timeoutMs`,
 * ends the process at once (exit 130 / 143 for the signal, 1 for the timeout): what was not committed by then
 * is rolled back by the database, as after a crash.
 */
function drainOnSignal(server: RunningServer, timeoutMs: number): Promise<number> {
  return new Promise<number>((resolve) => {
    const first = (signal: NodeJS.Signals) => {
      process.off('SIGINT', first);
      process.off('SIGTERM', first);
      console.error(
        `\n${signal} received: draining requests in flight (at most ${timeoutMs} ms), then closing the database; send it again to stop at once.`,
      );
      const again = (second: NodeJS.Signals) => {
        console.error(`${second} received again: stopping at once without waiting for requests in flight.`);
        server.removeTemporaryData(); // --in-memory leaves nothing behind, also when stopped at once
        process.exit(second === 'SIGINT' ? 130 : 143);
      };
      process.once('SIGINT', again);
      process.once('SIGTERM', again);
      const timer = setTimeout(() => {
        console.error(
          `Requests still in flight after ${timeoutMs} ms (CALM_KEYS_SHUTDOWN_TIMEOUT_MS): stopping anyway.`,
        );
        server.removeTemporaryData();
        process.exit(1);
      }, timeoutMs);
      timer.unref();
      server.close().then(
        () => {
          clearTimeout(timer);
          console.error('Stopped cleanly.');
          resolve(0);
        },
        (error: unknown) => {
          clearTimeout(timer);
          console.error(error);
          resolve(1);
        },
      );
    };
    process.on('SIGINT', first);
    process.on('SIGTERM', first);
  });
}
