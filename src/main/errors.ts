/** Error codes of the composition root's own commands (`calm-keys admin ...` work on the database directly) and of `serve --seed`. */
export const MAIN_ERRORS = {
  no_database: 'admin.no_database',
  /** `calm-keys backup` / `restore` with DATABASE_URL: PostgreSQL is backed up with pg_dump (the message has the command). */
  backup_use_pg_dump: 'backup.use_pg_dump',
  restore_data_dir_not_empty: 'restore.data_dir_not_empty',
  restore_master_key_required: 'restore.master_key_required',
  restore_wrong_master_key: 'restore.wrong_master_key',
  /** `serve --seed`: the file cannot be read. */
  seed_unreadable: 'seed.unreadable',
  /** `serve --seed`: the file is not YAML/JSON, or breaks the seed format; `details` names each path. */
  seed_invalid: 'seed.invalid',
  /** `serve --seed`: creating an entry failed (e.g. an x509 binding without TLS); `details` names the entry. */
  seed_failed: 'seed.failed',
} as const;

export type MainErrorCode = (typeof MAIN_ERRORS)[keyof typeof MAIN_ERRORS];
