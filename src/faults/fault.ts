/**
 * What a fault is, as the service, the matcher and the HTTP hooks see it: where it applies (target, the API's route
 * prefix, a client), what it does (kind and its parameters), how often (probability) and until when (expiry).
 */
export const FAULT_TARGETS = ['token', 'jwks', 'api'] as const;
export type FaultTarget = (typeof FAULT_TARGETS)[number];

export const FAULT_KINDS = ['status', 'latency', 'reset', 'rate_limit'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  readonly id: string;
  readonly target: FaultTarget;
  /** api only: a path prefix under /api/ without slashes at either end (`calm-metrics/v1`); null: every route. */
  readonly route: string | null;
  /** null: every client. On the token endpoint the authenticating client id; on the API the token's client. */
  readonly clientId: string | null;
  readonly kind: FaultKind;
  /** kind `status`: the HTTP status answered (400..599). */
  readonly status: number | null;
  /** kind `latency`: how long the request waits before it is served as usual. */
  readonly latencyMs: number | null;
  /** kinds `status` (429 and 503) and `rate_limit`: the Retry-After header's seconds. */
  readonly retryAfterSeconds: number | null;
  /** 0..1: the chance that a matching request gets the fault (1: every one). */
  readonly probability: number;
  readonly createdAt: string;
  /** null: until deleted. */
  readonly expiresAt: string | null;
  readonly createdBy: string;
}

/** Bounds of a fault's parameters: a test waits for at most a couple of minutes, and the listener's deadline. */
export const MAX_LATENCY_MS = 120_000;
export const MAX_RETRY_AFTER_SECONDS = 3_600;
export const MAX_ACTIVE_MS = 7 * 86_400_000;
/** A test suite needs a handful; the hot path walks the whole list while any is active. */
export const MAX_FAULTS = 50;
/** Retry-After of a 503 or 429 when the fault names none. */
export const DEFAULT_RETRY_AFTER_SECONDS = 1;

/** `calm-metrics/v1/`, `/calm-metrics/v1` and `calm-metrics/v1` are one route prefix. */
export function normalizeRoute(route: string): string {
  return route
    .replace(/^\/+/, '')
    .replace(/^api\//, '')
    .replace(/\/+$/, '');
}
