/**
 * "Write at most every `everyMs` per key": observed-use records (a credential's last token, an object's last
 * push) that a hot path would otherwise write on every request. In memory per process, bounded: past
 * `maxTracked` keys it forgets them all, which only costs one early write each.
 */
export function createWriteCoalescer(everyMs: number, maxTracked: number) {
  const lastWritten = new Map<string, number>();
  return {
    /** True when `key` was not written within `everyMs` before `atMs`; it then counts as written at `atMs`. */
    due(key: string, atMs: number): boolean {
      const previous = lastWritten.get(key);
      if (previous !== undefined && atMs - previous < everyMs) return false;
      if (lastWritten.size >= maxTracked) lastWritten.clear();
      lastWritten.set(key, atMs);
      return true;
    },
    /** The write failed: the next call for `key` is due again. */
    forget(key: string): void {
      lastWritten.delete(key);
    },
  };
}

export type WriteCoalescer = ReturnType<typeof createWriteCoalescer>;
