/**
 * A small in-memory cache of database reads for hot paths (the tenant of a token's zone, the managed service of a
 * push: issue 15 profile), with two bounds a caller can state:
 *
 * - **Staleness**: an entry is served for at most `ttlMs` after the read that produced it *started*, so a change
 *   committed by another process on the same database (a deleted row included) is seen within `ttlMs`.
 * - **Memory**: at most `maxEntries` keys; past that the oldest read goes first.
 *
 * Only found values are kept: a read that finds nothing (`undefined`) is answered and forgotten, so keys that
 * name nothing (a caller can send any id) neither fill memory nor hide a row created a moment later.
 *
 * A change made by this process counts at once: the caller calls `forget(key)` (or `clear()`) after its commit.
 * A read that was under way when that happened is answered but not kept (it may have read the old row), and
 * requests that arrive after it do not join that read.
 */
export interface ReadCacheOptions {
  /** Longest time an entry is served, counted from the start of the read that produced it. */
  readonly ttlMs: number;
  /** Most keys kept; the oldest read is dropped first. */
  readonly maxEntries: number;
  /** Milliseconds of real time; `Date.now` unless a test moves it. */
  readonly now?: () => number;
}

interface Entry<V> {
  readonly value: V;
  readonly readAt: number;
}

export function createReadCache<V>(options: ReadCacheOptions) {
  const { ttlMs, maxEntries } = options;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry<V>>();
  /** Reads under way, shared by the requests that miss meanwhile. */
  const pending = new Map<string, Promise<V | undefined>>();
  /** Moves on every forget or clear: a read that started before it is not kept. */
  let generation = 0;

  function read(key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const startedAt = now();
    const startedIn = generation;
    const self: { reading?: Promise<V | undefined>; done?: boolean } = {};
    const reading = (async () => {
      try {
        const value = await load();
        if (value !== undefined && startedIn === generation) {
          entries.delete(key); // re-inserted last: the Map's order is the order of reads
          entries.set(key, { value, readAt: startedAt });
          while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
        }
        return value;
      } finally {
        self.done = true;
        if (self.reading !== undefined && pending.get(key) === self.reading) pending.delete(key);
      }
    })();
    // a load that threw at once has finished already: nothing to share
    if (!self.done) pending.set(key, (self.reading = reading));
    return reading;
  }

  return {
    /** The cached value of `key` when read within `ttlMs`, otherwise `load()`'s (kept when it found something). */
    get(key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
      const entry = entries.get(key);
      if (entry !== undefined) {
        const age = now() - entry.readAt;
        // a clock set back does not stretch the bound: an age below zero counts as expired
        if (age >= 0 && age < ttlMs) return Promise.resolve(entry.value);
        entries.delete(key);
      }
      return pending.get(key) ?? read(key, load);
    },
    /** `key` changed in this process (call after the commit): the next `get` reads it. */
    forget(key: string): void {
      generation += 1;
      entries.delete(key);
      pending.delete(key);
    },
    /** Everything changed (or may have): every next `get` reads. */
    clear(): void {
      generation += 1;
      entries.clear();
      pending.clear();
    },
    /** Keys held (for tests and diagnostics). */
    get size(): number {
      return entries.size;
    },
  };
}

export type ReadCache<V> = ReturnType<typeof createReadCache<V>>;
