/**
 * `calm-keys admin reset-password`: offline recovery of a user (by default the first administrator) whose
 * one-time password was lost. It works on the data directory or DATABASE_URL directly, with the server stopped
 * or running, prints a new one-time password once, and is audited (`access.user.password_reset`).
 */
import type { Command } from 'commander';
import { loadConfig } from '../config/index.js';
import { resetUserPassword } from '../main.js';

interface ResetFlags {
  user?: string;
  dataDir?: string;
  databaseUrl?: string;
  revokeTokens?: boolean;
}

export function registerAdminCommands(program: Command): void {
  const admin = program
    .command('admin')
    .description('Offline administration of a calm-keys data directory (no server needed)');
  admin
    .command('reset-password')
    .description(
      "Give a user a new one-time password (printed once; it must be changed at the next sign-in) and end the user's sessions",
    )
    .option('--user <name>', 'the user (env CALM_KEYS_ADMIN_USER, default admin)')
    .option('--data-dir <dir>', "the server's data directory (env CALM_KEYS_DATA_DIR, default ./data)")
    .option('--database-url <url>', 'postgres://... when the server runs on PostgreSQL (env DATABASE_URL)')
    .option(
      '--revoke-tokens',
      "also revoke the user's API tokens (after a compromise: they outlive a password reset otherwise)",
    )
    .action(async (flags: ResetFlags) => {
      const config = loadConfig({ dataDir: flags.dataDir, databaseUrl: flags.databaseUrl });
      const username = flags.user ?? config.adminUser;
      const { oneTimePassword, database, liveTokens, tokensRevoked } = await resetUserPassword(config, username, {
        revokeTokens: flags.revokeTokens === true,
      });
      console.log(`new one-time password for "${username}" (database: ${database}):`);
      console.log(`  ONE-TIME PASSWORD for "${username}": ${oneTimePassword}`);
      console.log("It is shown only now. Sign in and choose your own password; the user's sessions have ended.");
      const tokens = (n: number) => `${n} API token${n === 1 ? '' : 's'}`;
      if (flags.revokeTokens) console.log(`Revoked ${tokens(tokensRevoked)} of "${username}".`);
      else if (liveTokens > 0)
        console.log(
          `${tokens(liveTokens)} of "${username}" still work${liveTokens === 1 ? 's' : ''} (they outlive a password reset): run again with --revoke-tokens if they may be compromised.`,
        );
    });
}
