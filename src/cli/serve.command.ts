/** `calm-keys serve`: runs the server on the embedded defaults, or on what the environment and flags say. */
import type { Command } from 'commander';
import { loadConfig, type Flags } from '../config/index.js';
import { startServer } from '../main.js';

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
    .action(
      async (options: {
        port?: string;
        host?: string;
        publicUrl?: string;
        dataDir?: string;
        databaseUrl?: string;
        logLevel?: string;
        tls?: string;
      }) => {
        const flags: Flags = {
          port: options.port,
          host: options.host,
          publicUrl: options.publicUrl,
          dataDir: options.dataDir,
          databaseUrl: options.databaseUrl,
          logLevel: options.logLevel,
          tls: options.tls,
        };
        const server = await startServer(loadConfig(flags));
        await new Promise<void>((resolve) => {
          const stop = (signal: string) => {
            console.error(`\n${signal} received: closing connections and the database...`);
            server.close().then(resolve, (error: unknown) => {
              console.error(error);
              resolve();
            });
          };
          process.once('SIGINT', () => stop('SIGINT'));
          process.once('SIGTERM', () => stop('SIGTERM'));
        });
      },
    );
}
