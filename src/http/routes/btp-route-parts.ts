/**
 * What the BTP routes files share: the id parameter, SAP Service Manager's list shape, the tag and auth of
 * every `/btp/v1` route, and SAP Service Manager's rate limits with their error, which every one of them can
 * answer (the `/v1` Service Manager routes in sm/ count with the same limits, in budgets of their own), shared by
 * every process on the database.
 */
import { z } from 'zod';
import { BTP_ERRORS } from '../../btp/errors.js';
import { DomainError } from '../../shared/index.js';
import type { Db } from '../../store/index.js';
import { createSharedRequestLimiter } from '../../store/window-counter.js';

export const idParams = z.object({ id: z.string().min(1).max(100) });
export const list = <T>(items: T[]) => ({ num_items: items.length, items });
export const tag = 'btp';
export const auth = 'person';
export const RATE = { 429: [BTP_ERRORS.rate_limited] } as const;

/** SAP Service Manager's request limits per caller: overall, on bindings, and instance creations, per minute. */
export const SERVICE_MANAGER_RATE_LIMITS = { all: 1000, bindings: 600, createInstance: 50, windowMs: 60_000 } as const;

export interface ServiceManagerLimitDeps {
  /** The database the counts are kept in: every process on it shares each caller's budget. */
  readonly db: Db;
  /** The overall limit per caller and minute (CALM_KEYS_SM_REQUESTS_PER_MINUTE); the others are never above it. */
  readonly requestsPerMinute?: number;
  /** Told once per lost-and-regained database: the limits then count per process. */
  readonly onError?: (error: unknown) => void;
}

/**
 * The limits, emulated per caller: every call counts against `all`, and against the other limits the call
 * falls under; over one of them it is 429 with Retry-After and counts against none. `surface` names the API
 * (`/v1` or `/btp/v1`), each with its own budgets, kept in the database (`store/window-counter.ts`,
 * `createSharedRequestLimiter`): one transaction per call, which these rare admin calls can afford.
 */
export function serviceManagerRateLimits(surface: 'v1' | 'btp', deps: ServiceManagerLimitDeps) {
  const { windowMs } = SERVICE_MANAGER_RATE_LIMITS;
  const all = deps.requestsPerMinute ?? SERVICE_MANAGER_RATE_LIMITS.all;
  const named = (name: string, limit: number) => ({
    name: `sm-${surface}-${name}`,
    limit: Math.min(limit, all),
    windowMs,
  });
  const limits = {
    all: named('all', all),
    bindings: named('bindings', SERVICE_MANAGER_RATE_LIMITS.bindings),
    createInstance: named('create-instance', SERVICE_MANAGER_RATE_LIMITS.createInstance),
  };
  const limiter = createSharedRequestLimiter({ db: deps.db, ...(deps.onError ? { onError: deps.onError } : {}) });
  return async (who: string, call: { readonly onBindings: boolean; readonly createsInstance: boolean }) => {
    const applicable = [limits.all];
    if (call.onBindings) applicable.push(limits.bindings);
    if (call.createsInstance) applicable.push(limits.createInstance);
    const wait = await limiter.admit(who, applicable);
    if (wait > 0)
      throw new DomainError(
        'rate_limited',
        BTP_ERRORS.rate_limited,
        `Too many requests; SAP Service Manager's limits apply. Retry in ${wait} s.`,
        { retryAfterSeconds: wait },
      );
  };
}
