/**
 * Calls by client address, for the blast radius of a key: the token endpoint (xsuaa/) and the Cloud ALM API
 * report each call with the zone, client id and client address through the `ClientCallSink` port (main.ts
 * fills it with this recorder). The hot path only adds to a counter in memory: nothing is written per request
 * (issue 15). Every `flushEveryMs` (and on `stop`) the counts are added to `lm_client_calls`, one row per zone,
 * client id, client address, UTC day and kind; a failed flush keeps the counts for the next one. Calls marked
 * with this deployment's key-test marker (the header the Test sends, key-tester.ts) count as kind `test`.
 */
import type { Clock } from '../shared/index.js';
import type { Db } from '../store/index.js';
import * as repo from './client-calls.repo.js';

export type CallKind = 'token' | 'api' | 'test';

/** The port the token endpoint and the Cloud ALM API call; synchronous and allocation-light. */
export interface ClientCallSink {
  called(via: 'token' | 'api', zoneId: string, clientId: string, address: string, testMarker?: string): void;
}

export interface ClientCallRecorderSettings {
  readonly db: Db;
  readonly clock: Clock;
  /** The value of the `x-calm-keys-key-test` header that marks calm-keys' own Test; absent, no call is a Test. */
  readonly keyTestMarker?: string;
  /** Default 5 s. */
  readonly flushEveryMs?: number;
  /**
   * Distinct rows held between flushes at most; past it a new row's calls are counted under `OTHER_ADDRESSES`
   * (one row per zone, client id, day and kind) until the next flush, and `dropped` counts them.
   */
  readonly maxPending?: number;
  readonly onError?: (error: unknown) => void;
}

export const KEY_TEST_MARKER_HEADER = 'x-calm-keys-key-test';
/** The client address of calls counted while the counter was full (`maxPending` rows between two flushes). */
export const OTHER_ADDRESSES = '(other addresses)';

const DEFAULT_FLUSH_EVERY_MS = 5_000;
const DEFAULT_MAX_PENDING = 50_000;

export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function createClientCallRecorder(settings: ClientCallRecorderSettings) {
  const flushEveryMs = settings.flushEveryMs ?? DEFAULT_FLUSH_EVERY_MS;
  const maxPending = settings.maxPending ?? DEFAULT_MAX_PENDING;
  let pending = new Map<string, repo.ClientCallRow>();
  let dropped = 0;
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> | undefined;

  function add(row: repo.ClientCallRow, into: Map<string, repo.ClientCallRow>, overflow = false): boolean {
    const key = `${row.zone_id}\u0000${row.client_id}\u0000${row.client_address}\u0000${row.day}\u0000${row.kind}`;
    const held = into.get(key);
    if (held) {
      held.calls += row.calls;
      if (row.last_at > held.last_at) held.last_at = row.last_at;
      return true;
    }
    if (into.size >= maxPending && !overflow) return false;
    into.set(key, { ...row });
    return true;
  }

  async function flushOnce(): Promise<void> {
    if (pending.size === 0) return;
    const batch = pending;
    pending = new Map();
    const rows = [...batch.values()];
    try {
      await repo.addCalls(settings.db, rows);
    } catch (error) {
      // keep the counts for the next flush; rows written before the failure count once (they were added)
      for (const row of rows) add(row, pending);
      settings.onError?.(error);
    }
  }

  return {
    called(via: 'token' | 'api', zoneId: string, clientId: string, address: string, testMarker?: string): void {
      const now = settings.clock.now();
      const kind: CallKind =
        settings.keyTestMarker !== undefined && testMarker === settings.keyTestMarker ? 'test' : via;
      const iso = now.toISOString();
      const row = {
        zone_id: zoneId,
        client_id: clientId,
        client_address: address,
        day: iso.slice(0, 10),
        kind,
        calls: 1,
        last_at: iso,
      };
      if (add(row, pending)) return;
      // full (many addresses between two flushes): the call still counts for its client, under no address, so
      // that a flood from many addresses cannot hide another key's use from its blast radius; these rows are
      // bounded by the credentials that got a token, not by addresses
      dropped += 1;
      add({ ...row, client_address: OTHER_ADDRESSES }, pending, true);
    },

    /** Counts not yet written, of one client id in its zone (the blast radius adds them to what is stored). */
    pendingOf(zoneId: string, clientId: string): repo.ClientCallRow[] {
      const rows: repo.ClientCallRow[] = [];
      for (const row of pending.values())
        if (row.zone_id === zoneId && row.client_id === clientId) rows.push({ ...row });
      return rows;
    },

    /** Writes what is counted; concurrent calls share one flush. */
    flush(): Promise<void> {
      if (!flushing)
        flushing = flushOnce().finally(() => {
          flushing = undefined;
        });
      return flushing;
    },

    /** Rows dropped since the start because `maxPending` was reached between two flushes. */
    get dropped(): number {
      return dropped;
    },

    start(): void {
      if (timer) return;
      timer = setInterval(() => void this.flush(), flushEveryMs);
      timer.unref();
    },

    /** Stops the timer and writes what is left (on shutdown). */
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = undefined;
      if (flushing) await flushing;
      await this.flush();
    },
  };
}

export type ClientCallRecorder = ReturnType<typeof createClientCallRecorder>;
