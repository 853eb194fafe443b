/**
 * How the reference data collector delivers one sample, as a managed system should: a bearer token from the
 * service key (fetched again shortly before it expires, or once after a 401), and retries with exponential
 * backoff and jitter on 429, 5xx and network failures, honouring Retry-After. Other refusals (400, 403, 404,
 * 409) are not retried: they need a person, and the message says what the API said.
 */
import type { EgressClient } from '../egress/index.js';
import { isEgressError } from '../egress/index.js';
import { DomainError } from '../shared/index.js';
import { isTlsTrustFailure, TRUST_HINT } from './trust.js';

export interface PushSettings {
  readonly url: string;
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export interface TokenSource {
  /** A valid token; `fresh` forces a new one (after a 401). */
  get(fresh?: boolean): Promise<string>;
}

/** `transient`: the attempts ran out on 429/5xx/network failures (the next push may pass); else a refusal that needs a person. */
export type PushOutcome =
  | { readonly ok: true; readonly attempts: number; readonly accepted: number }
  | { readonly ok: false; readonly attempts: number; readonly reason: string; readonly transient: boolean };

const RETRYABLE = new Set([429, 500, 502, 503, 504]);

export function backoffMs(
  attempt: number,
  settings: Pick<PushSettings, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number,
  retryAfter?: string,
): number {
  const hinted = retryAfter !== undefined && /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : undefined;
  const exponential = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (attempt - 1));
  const jittered = exponential / 2 + random() * (exponential / 2);
  return Math.min(settings.maxDelayMs, Math.max(hinted ?? 0, jittered));
}

/** What the API said, for a person: its error message when it sent our error body, else the status. */
function apiSays(status: number, body: unknown): string {
  const message = (body as { error?: { message?: unknown } } | undefined)?.error?.message;
  return typeof message === 'string' ? `HTTP ${status}: ${message}` : `HTTP ${status}`;
}

export function createPusher(deps: {
  egress: EgressClient;
  tokens: TokenSource;
  settings: PushSettings;
  sleep: (ms: number) => Promise<void>;
  random?: () => number;
  onRetry?: (attempt: number, delayMs: number, why: string) => void;
}) {
  const random = deps.random ?? Math.random;
  return async function push(payload: unknown): Promise<PushOutcome> {
    let refreshed = false;
    for (let attempt = 1; ; attempt += 1) {
      let why: string;
      let retryAfter: string | undefined;
      try {
        const token = await deps.tokens.get();
        const res = await deps.egress.request({
          method: 'POST',
          url: deps.settings.url,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(payload),
        });
        if (res.status >= 200 && res.status < 300) {
          const accepted = Number(
            (res.json() as { acceptedDataPoints?: unknown } | undefined)?.acceptedDataPoints ?? 0,
          );
          return { ok: true, attempts: attempt, accepted };
        }
        if (res.status === 401 && !refreshed) {
          refreshed = true;
          await deps.tokens.get(true);
          attempt -= 1; // a token refresh is not a failed delivery
          continue;
        }
        if (!RETRYABLE.has(res.status))
          return { ok: false, attempts: attempt, reason: apiSays(res.status, res.json()), transient: false };
        why = apiSays(res.status, res.json());
        retryAfter = res.headers['retry-after'];
      } catch (error) {
        // an untrusted certificate stays untrusted on the next attempt: say how to trust it instead of retrying
        if (isTlsTrustFailure(error))
          return {
            ok: false,
            attempts: attempt,
            reason: `${(error as Error).message}; ${TRUST_HINT}`,
            transient: false,
          };
        if (isEgressError(error)) why = error.message;
        else if (error instanceof DomainError && error.kind === 'unavailable') why = error.message;
        else if (error instanceof DomainError)
          return { ok: false, attempts: attempt, reason: error.message, transient: false };
        else throw error;
      }
      if (attempt >= deps.settings.maxAttempts)
        return { ok: false, attempts: attempt, reason: `gave up after ${attempt} attempts: ${why}`, transient: true };
      const delay = backoffMs(attempt, deps.settings, random, retryAfter);
      deps.onRetry?.(attempt, delay, why);
      await deps.sleep(delay);
    }
  };
}

/** Tokens from the key, reused until 80 % of their lifetime has passed. */
export function createTokenSource(
  fetch: () => Promise<{ accessToken: string; expiresIn?: number }>,
  now: () => number,
): TokenSource {
  let current: { token: string; renewAt: number } | undefined;
  return {
    async get(fresh = false) {
      if (!fresh && current && now() < current.renewAt) return current.token;
      const issued = await fetch();
      const lifetimeMs = (issued.expiresIn ?? 300) * 1000;
      current = { token: issued.accessToken, renewAt: now() + lifetimeMs * 0.8 };
      return current.token;
    },
  };
}

/**
 * Waits `ms`, or less when `signal` aborts. The abort listener goes when the wait ends either way: the collector
 * waits on one signal for its whole run, and listeners left behind by finished waits piled up until node printed
 * MaxListenersExceededWarning (after the 11th wait).
 */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
