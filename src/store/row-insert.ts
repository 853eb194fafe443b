/**
 * Multi-row inserts whose SQL is written once per shape, for write paths that run many times a second (the
 * telemetry ingest). kysely builds and compiles a query tree for every call; for a 12-row insert of 13 columns
 * that was 37 % of an ingest request's main-thread time (issue 15 profile), more than SQLite's own work. Here
 * the statement text depends only on the table, the columns, the number of rows and the placeholder style of
 * the database (`?` for SQLite, `$n` for PostgreSQL), so it is made once and kept; the values travel as bound
 * parameters, never in the text. SQLite then finds the prepared statement in the store's cache by its text
 * (`withStatementCache`), PostgreSQL parses the same text each time.
 *
 * Rows go in chunks of a power of two (at most MAX_ROWS), so a table has at most a few statement shapes
 * whatever the request sizes: 12 rows are one insert of 8 and one of 4.
 */
import { CompiledQuery, sql, type Insertable } from 'kysely';
import type { Executor } from './transaction.js';
import type { Database } from './tables.js';

/** Rows per statement at most: 256 x 16 columns is 4096 parameters, far below SQLite's 32766 and pg's 65535. */
export const MAX_ROWS = 256;

type Placeholders = 'question' | 'numbered';

/** How the executor's database spells a parameter, from kysely's own compiler (public API, no query sent). */
const styles = new WeakMap<Executor, Placeholders>();
function placeholdersOf(ex: Executor): Placeholders {
  let style = styles.get(ex);
  if (style === undefined) {
    style = sql`${0}`.compile(ex).sql === '?' ? 'question' : 'numbered';
    styles.set(ex, style);
  }
  return style;
}

/** Every column a row must give, with a value (a column with a default may be listed and then must be given). */
export type InsertRow<T extends keyof Database, C extends keyof Insertable<Database[T]> & string> = {
  readonly [K in C]: Exclude<Insertable<Database[T]>[K], undefined>;
};

export interface RowInsert<T extends keyof Database, C extends keyof Insertable<Database[T]> & string> {
  /** Inserts the rows (none: no statement), in chunks; inside the caller's transaction when `ex` is one. */
  run(ex: Executor, rows: readonly InsertRow<T, C>[]): Promise<void>;
}

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/** An insert into `table` of exactly `columns`, in this order. */
export function rowInsert<T extends keyof Database & string, C extends keyof Insertable<Database[T]> & string>(
  table: T,
  columns: readonly C[],
): RowInsert<T, C> {
  const head = `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values `;
  const texts = new Map<string, string>();

  function text(style: Placeholders, rows: number): string {
    const key = `${style}:${rows}`;
    let out = texts.get(key);
    if (out === undefined) {
      const tuples: string[] = [];
      for (let r = 0, n = 1; r < rows; r += 1) {
        const marks: string[] = [];
        for (let c = 0; c < columns.length; c += 1, n += 1) marks.push(style === 'question' ? '?' : `$${n}`);
        tuples.push(`(${marks.join(', ')})`);
      }
      out = head + tuples.join(', ');
      texts.set(key, out);
    }
    return out;
  }

  async function chunk(ex: Executor, style: Placeholders, rows: readonly InsertRow<T, C>[], from: number, n: number) {
    const parameters: unknown[] = new Array(n * columns.length);
    let i = 0;
    for (let r = from; r < from + n; r += 1) {
      const row = rows[r]!;
      for (const column of columns) parameters[i++] = row[column];
    }
    await ex.executeQuery(CompiledQuery.raw(text(style, n), parameters));
  }

  return {
    async run(ex, rows) {
      if (rows.length === 0) return;
      const style = placeholdersOf(ex);
      let at = 0;
      for (let size = MAX_ROWS; size >= 1; size >>= 1) {
        while (rows.length - at >= size) {
          await chunk(ex, style, rows, at, size);
          at += size;
          if (size < MAX_ROWS) break; // below the largest size, each power of two is needed at most once
        }
      }
    },
  };
}
