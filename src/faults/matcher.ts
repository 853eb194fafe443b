/**
 * Which fault, if any, a request gets: pure, so that the rules are unit-tested without a server. The oldest
 * matching fault whose dice roll hits wins (faults are listed oldest first); an expired one never matches, even
 * before the next refresh drops it.
 */
import type { Fault, FaultTarget } from './fault.js';

export interface FaultRequest {
  readonly target: FaultTarget;
  /** api: the path under /api/ without the query (`calm-metrics/v1/metrics`). */
  readonly path?: string;
  /** The client the request is from, when known; a fault for one client never matches an unknown one. */
  readonly clientId?: string;
}

/** A fault with its expiry as a number, compiled once per refresh (injector.ts). */
export interface ActiveFault extends Fault {
  readonly expiresAtMs: number | undefined;
}

export function routeMatches(prefix: string | null, path: string | undefined): boolean {
  if (prefix === null || prefix === '') return true;
  if (path === undefined) return false;
  const clean = path.replace(/^\/+/, '');
  return clean === prefix || clean.startsWith(`${prefix}/`);
}

/** Whether the fault applies to this request, before its probability. */
export function applies(fault: ActiveFault, request: FaultRequest, nowMs: number): boolean {
  if (fault.target !== request.target) return false;
  if (fault.expiresAtMs !== undefined && nowMs >= fault.expiresAtMs) return false;
  if (fault.clientId !== null && fault.clientId !== request.clientId) return false;
  return fault.target !== 'api' || routeMatches(fault.route, request.path);
}

export function matchFault(
  faults: readonly ActiveFault[],
  request: FaultRequest,
  nowMs: number,
  random: () => number,
): ActiveFault | undefined {
  for (const fault of faults) {
    if (!applies(fault, request, nowMs)) continue;
    if (fault.probability >= 1 || (fault.probability > 0 && random() < fault.probability)) return fault;
  }
  return undefined;
}

/** Whether a fault for one client is active on the target: only then is the client id worth reading. */
export function needsClientId(faults: readonly ActiveFault[], target: FaultTarget): boolean {
  return faults.some((f) => f.target === target && f.clientId !== null);
}
