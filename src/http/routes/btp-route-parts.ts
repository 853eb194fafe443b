/**
 * What the BTP routes files share: the id parameter, SAP Service Manager's list shape, the tag and auth of
 * every `/btp/v1` route, and SAP Service Manager's rate limits with their error, which every one of them can
 * answer (the `/v1` Service Manager routes in sm/ count with the same limits).
 */
import { z } from 'zod';
import { BTP_ERRORS } from '../../btp/errors.js';
import { createWindowCounter, DomainError } from '../../shared/index.js';

export const idParams = z.object({ id: z.string().min(1).max(100) });
export const list = <T>(items: T[]) => ({ num_items: items.length, items });
export const tag = 'btp';
export const auth = 'person';
export const RATE = { 429: [BTP_ERRORS.rate_limited] } as const;

/** SAP Service Manager's request limits per caller: overall, on bindings, and instance creations, per minute. */
export const SERVICE_MANAGER_RATE_LIMITS = { all: 1000, bindings: 600, createInstance: 50, windowMs: 60_000 } as const;

/**
 * The limits, emulated per caller: every call counts against `all`, and against the other limits the call
 * falls under; over one of them it is 429 with Retry-After and is not counted.
 */
export function serviceManagerRateLimits() {
  const { windowMs } = SERVICE_MANAGER_RATE_LIMITS;
  const limits = {
    all: createWindowCounter({ limit: SERVICE_MANAGER_RATE_LIMITS.all, windowMs }),
    bindings: createWindowCounter({ limit: SERVICE_MANAGER_RATE_LIMITS.bindings, windowMs }),
    createInstance: createWindowCounter({ limit: SERVICE_MANAGER_RATE_LIMITS.createInstance, windowMs }),
  };
  return (who: string, call: { readonly onBindings: boolean; readonly createsInstance: boolean }) => {
    const applicable = [limits.all];
    if (call.onBindings) applicable.push(limits.bindings);
    if (call.createsInstance) applicable.push(limits.createInstance);
    const wait = Math.max(...applicable.map((l) => l.retryAfter(who)));
    if (wait > 0)
      throw new DomainError(
        'rate_limited',
        BTP_ERRORS.rate_limited,
        `Too many requests; SAP Service Manager's limits apply. Retry in ${wait} s.`,
        { retryAfterSeconds: wait },
      );
    for (const l of applicable) l.record(who);
  };
}
