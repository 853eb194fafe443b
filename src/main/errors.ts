/** Error codes of the composition root's own commands (`calm-keys admin ...` work on the database directly). */
export const MAIN_ERRORS = {
  no_database: 'admin.no_database',
  /** `calm-keys backup` / `restore` with DATABASE_URL: PostgreSQL is backed up with pg_dump (the message has the command). */
  backup_use_pg_dump: 'backup.use_pg_dump',
  restore_data_dir_not_empty: 'restore.data_dir_not_empty',
  restore_master_key_required: 'restore.master_key_required',
  restore_wrong_master_key: 'restore.wrong_master_key',
} as const;

export type MainErrorCode = (typeof MAIN_ERRORS)[keyof typeof MAIN_ERRORS];
