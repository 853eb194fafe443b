export { openStore, migrate, type Store, type StoreTarget, type Db } from './database.js';
export { withTx, type Tx, type Executor } from './transaction.js';
export { isUniqueViolation } from './errors.js';
export type { Dialect } from './dialect.js';
export type * from './tables.js';
