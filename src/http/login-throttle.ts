/**
 * Slows password guessing at `POST /auth/v1/login` and `POST /auth/v1/password` (a wrong current password is a
 * guess too; both count against the same budget). Failed sign-ins are counted over 15 minutes:
 * - per (user name, caller address), 10 allowed: the name case-folded, so `Admin` and `admin` count
 *   together. Counting per user name alone would let anyone lock a user out by failing on purpose; with
 *   the address in the key, failures from elsewhere never refuse the user's own correct password.
 * - per caller address, 30 allowed over all user names (several people behind one NAT may mistype): an
 *   address spraying many names is stopped too.
 * Over either limit the request is refused before the password is checked: 429 with Retry-After.
 *
 * Each attempt is counted *before* the password check and taken back unless it failed as a sign-in (an
 * `unauthenticated` error), so that a burst of parallel requests cannot all slip through while the first
 * ones are still hashing. That advance count is in-process; the failures themselves are counted in the database
 * (`failures`, `store/window-counter.ts`), so every process on it shares the budget (README.md, "Running several
 * processes"). The check before the password reads only what this process knows, so a correct sign-in never
 * waits for the database; a failure counts there, and a failure over the shared limit (the first one this
 * process sees after the others used the budget up) is answered 429 instead of 401.
 */
import {
  createWindowCounter,
  DomainError,
  isDomainError,
  type FailureCounter,
  type WindowLimit,
} from '../shared/index.js';
import type { Db } from '../store/index.js';
import { createSharedWindowCounter } from '../store/window-counter.js';
import { HTTP_ERRORS } from './error-codes.js';

const WINDOW_MS = 15 * 60_000;
/** Failed sign-ins per (user name, caller address) in 15 minutes. */
export const LOGIN_FAILURES_PER_USER: WindowLimit = { limit: 10, windowMs: WINDOW_MS };
/** Failed sign-ins per caller address over all user names in 15 minutes. */
export const LOGIN_FAILURES_PER_ADDRESS: WindowLimit = { limit: 30, windowMs: WINDOW_MS };

export interface LoginThrottle {
  /** Runs `login` unless the caller is over a limit (then throws 429), counting it if it fails to authenticate. */
  attempt<T>(username: string, address: string, login: () => Promise<T>): Promise<T>;
}

/** The shared failure counters: per (user name, address) with LOGIN_FAILURES_PER_USER, per address with LOGIN_FAILURES_PER_ADDRESS. */
export interface LoginFailureCounters {
  readonly perUser: FailureCounter;
  readonly perAddress: FailureCounter;
}

/** The failure counters of sign-in in the database `db`, shared by every process on it. */
export function sharedLoginFailures(db: Db, onError: (error: unknown) => void): LoginFailureCounters {
  return {
    perUser: createSharedWindowCounter({ db, name: 'login-user', ...LOGIN_FAILURES_PER_USER, onError }),
    perAddress: createSharedWindowCounter({ db, name: 'login-address', ...LOGIN_FAILURES_PER_ADDRESS, onError }),
  };
}

export function createLoginThrottle(
  options: { perUser?: number; perAddress?: number; now?: () => number; failures?: LoginFailureCounters } = {},
): LoginThrottle {
  const { failures } = options;
  const clock = options.now ? { now: options.now } : {};
  const perUser = createWindowCounter({
    ...LOGIN_FAILURES_PER_USER,
    ...(options.perUser === undefined ? {} : { limit: options.perUser }),
    ...clock,
  });
  const perAddress = createWindowCounter({
    ...LOGIN_FAILURES_PER_ADDRESS,
    ...(options.perAddress === undefined ? {} : { limit: options.perAddress }),
    ...clock,
  });
  return {
    async attempt(username, address, login) {
      const userKey = `${username.trim().toLowerCase()}@${address}`;
      const wait = Math.max(
        perUser.retryAfter(userKey),
        perAddress.retryAfter(address),
        failures?.perUser.knownWait(userKey) ?? 0,
        failures?.perAddress.knownWait(address) ?? 0,
      );
      if (wait > 0) throw throttled(wait);
      perUser.record(userKey);
      perAddress.record(address);
      let failed = false;
      try {
        return await login();
      } catch (error) {
        failed = isDomainError(error) && error.kind === 'unauthenticated';
        if (failed && failures) {
          const [userWait, addressWait] = await Promise.all([
            failures.perUser.record(userKey),
            failures.perAddress.record(address),
          ]);
          if (Math.max(userWait, addressWait) > 0) throw throttled(Math.max(userWait, addressWait));
        }
        throw error;
      } finally {
        if (!failed) {
          perUser.release(userKey);
          perAddress.release(address);
        }
      }
    },
  };
}

function throttled(wait: number): DomainError {
  return new DomainError(
    'rate_limited',
    HTTP_ERRORS.login_throttled,
    `Too many failed sign-ins or password changes; retry in ${wait} s.`,
    { retryAfterSeconds: wait },
  );
}
