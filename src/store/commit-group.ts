/**
 * Group commit: the writes of requests that arrive together share one transaction, and each request is
 * answered after that transaction committed. A commit is the fixed cost of a write (SQLite appends the changed
 * pages to its WAL, PostgreSQL flushes its log): shared by many small writes, it is paid once for all of them.
 *
 * No waiting is added: a batch starts on the next turn of the event loop (`setImmediate`, after the I/O that is
 * ready now, so requests read in the same turn join it), and works that arrive while a batch runs form the next
 * one. A batch holds at most `maxWorks` works.
 *
 * One work's failure never fails another: when a work throws inside the shared transaction, the transaction is
 * rolled back and every work of the batch runs again in a transaction of its own (PostgreSQL refuses any further
 * statement of a transaction after an error, so continuing the batch is not possible without savepoints, and a
 * failure is rare enough that running again costs less than a savepoint around every work). A failed commit is
 * handled the same way. So a work must do nothing but its statements on the transaction it is given: it may
 * run twice, the first run's writes being rolled back.
 */
import type { Db } from './database.js';
import { withTx, type Tx } from './transaction.js';

export interface CommitGroup {
  /** Runs `work` in a transaction shared with other works queued meanwhile; settles after that commit. */
  run<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
}

interface Queued {
  readonly work: (tx: Tx) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** Works per shared transaction at most, so that one batch stays short (docs/ARCHITECTURE.md rule 6). */
export const DEFAULT_MAX_WORKS = 64;

export function createCommitGroup(db: Db, options: { readonly maxWorks?: number } = {}): CommitGroup {
  const maxWorks = options.maxWorks ?? DEFAULT_MAX_WORKS;
  let queue: Queued[] = [];
  let running = false;
  let scheduled = false;

  /** Each work alone, as if there were no group: its own result or its own error. */
  async function oneByOne(batch: readonly Queued[]): Promise<void> {
    for (const item of batch) {
      try {
        item.resolve(await withTx(db, item.work));
      } catch (error) {
        item.reject(error);
      }
    }
  }

  async function runBatch(batch: readonly Queued[]): Promise<void> {
    if (batch.length === 1) return oneByOne(batch);
    let results: unknown[];
    try {
      results = await withTx(db, async (tx) => {
        const out: unknown[] = [];
        for (const item of batch) out.push(await item.work(tx));
        return out;
      });
    } catch {
      return oneByOne(batch);
    }
    batch.forEach((item, i) => item.resolve(results[i]));
  }

  function schedule(): void {
    if (scheduled || running || queue.length === 0) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      void drain();
    });
  }

  async function drain(): Promise<void> {
    running = true;
    try {
      while (queue.length > 0) {
        const batch = queue.length <= maxWorks ? queue : queue.slice(0, maxWorks);
        queue = queue.length <= maxWorks ? [] : queue.slice(maxWorks);
        await runBatch(batch);
      }
    } finally {
      running = false;
      schedule();
    }
  }

  return {
    run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
        schedule();
      });
    },
  };
}
