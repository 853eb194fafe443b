/**
 * `calm-keys backup <file>` and `calm-keys restore <file>`: a consistent copy of the SQLite database, also
 * while the server serves, and putting one back into an empty data directory. The master key is not in the
 * backup; restore needs it (--master-key-file or CALM_KEYS_MASTER_KEY). With DATABASE_URL both print the
 * pg_dump / pg_restore command instead.
 */
import type { Command } from 'commander';
import { loadConfig } from '../config/index.js';
import { backupData, restoreData } from '../main.js';

export function registerBackupCommands(program: Command): void {
  program
    .command('backup <file>')
    .description(
      'Copy the SQLite database to a new file, consistently, while the server runs (without the master key: keep it apart)',
    )
    .option('--data-dir <dir>', "the server's data directory (env CALM_KEYS_DATA_DIR, default ./data)")
    .option('--database-url <url>', 'postgres://...: prints the pg_dump command to use instead (env DATABASE_URL)')
    .action(async (file: string, flags: { dataDir?: string; databaseUrl?: string }) => {
      const config = loadConfig({ dataDir: flags.dataDir, databaseUrl: flags.databaseUrl });
      let shown = -1;
      const result = await backupData(config, file, ({ totalPages, copiedPages }) => {
        // long copies show their progress in steps of 10 %, on stderr so that stdout stays the summary
        const percent = totalPages === 0 ? 100 : Math.floor((copiedPages / totalPages) * 10) * 10;
        if (percent !== shown && totalPages > 0) {
          shown = percent;
          console.error(`backup: ${percent}% (${copiedPages}/${totalPages} pages)`);
        }
      });
      console.log(`backed up ${result.database} to ${file} (${result.pages} pages, mode 0600).`);
      console.log(
        `The master key is not in the backup${result.masterKeyId ? ` (its id: ${result.masterKeyId})` : ''}: keep a copy of ${config.masterKey ? 'CALM_KEYS_MASTER_KEY' : config.masterKeyFile} apart from it; restore needs it.`,
      );
    });
  program
    .command('restore <file>')
    .description('Put a backup into a new or empty data directory; needs the master key the backup was made with')
    .option('--data-dir <dir>', 'the new data directory (env CALM_KEYS_DATA_DIR, default ./data); must be empty')
    .option(
      '--master-key-file <file>',
      'the master key of the backed-up server (copied into the data directory); or set CALM_KEYS_MASTER_KEY',
    )
    .option('--database-url <url>', 'postgres://...: prints the pg_restore command to use instead (env DATABASE_URL)')
    .action((file: string, flags: { dataDir?: string; masterKeyFile?: string; databaseUrl?: string }) => {
      const config = loadConfig({ dataDir: flags.dataDir, databaseUrl: flags.databaseUrl });
      const result = restoreData(config, file, { masterKeyFile: flags.masterKeyFile });
      console.log(`restored ${file} to ${result.database}.`);
      if (result.masterKeyFile) console.log(`master key copied to ${result.masterKeyFile} (mode 0600).`);
      console.log(`Start the server on it: calm-keys serve --data-dir ${config.dataDir}`);
    });
}
