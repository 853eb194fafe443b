export { openStore, migrate, type Store, type StoreTarget, type StoreOptions, type Db } from './database.js';
export { isConnectionFailure, type StoreLogger } from './postgres.js';
export { withTx, type Tx, type Executor } from './transaction.js';
export { rowInsert, type RowInsert, type InsertRow } from './row-insert.js';
export { createCommitGroup, type CommitGroup } from './commit-group.js';
export { isUniqueViolation } from './errors.js';
export type { Dialect } from './dialect.js';
export type * from './tables.js';
export { STORE_ERRORS, type StoreErrorCode } from './error-codes.js';
export { backupSqlite, inspectSqliteBackup, restoreSqlite, type BackupProgress } from './backup.js';
export {
  createOutbox,
  DEFAULT_OUTBOX_SETTINGS,
  type Outbox,
  type OutboxDeps,
  type OutboxHandler,
  type OutboxMessage,
  type OutboxSettings,
} from './outbox-dispatcher.js';
