/**
 * Fault injection and the dev clock of the started server, as calls to its REST API (`/faults/v1/faults`,
 * `/dev/v1/clock`) with the administrator's token: the same operations as `calm-keys faults` and
 * `calm-keys clock`, in the shape a test writes them.
 */
import type { AdminApi } from './http.js';

/**
 * One fault, as `calm-keys faults add` takes it: a target, optionally a route prefix (api) and a client, and
 * exactly one effect (status, latencyMs, reset or rateLimit).
 */
export interface FaultSpec {
  readonly target: 'token' | 'jwks' | 'api';
  /** api only: a path prefix under /api/, e.g. `calm-metrics/v1`. */
  readonly route?: string;
  /** Only requests of this client id (the token's, or the one authenticating at the token endpoint). */
  readonly clientId?: string;
  readonly status?: number;
  readonly latencyMs?: number;
  readonly reset?: boolean;
  readonly rateLimit?: boolean;
  readonly retryAfterSeconds?: number;
  /** 0..1, default 1. */
  readonly probability?: number;
  /** The fault ends this long after it is added. */
  readonly forMs?: number;
}

export interface FaultView {
  readonly id: string;
  readonly target: string;
  readonly kind: string;
  readonly [field: string]: unknown;
}

export interface FaultControl {
  add(spec: FaultSpec): Promise<FaultView>;
  list(): Promise<FaultView[]>;
  remove(id: string): Promise<void>;
  clear(): Promise<number>;
}

export interface ClockView {
  readonly now: string;
  readonly realNow: string;
  readonly offsetMs: number;
  readonly [field: string]: unknown;
}

export interface ClockControl {
  /** Moves the server's clock forward: `90s`, `30m`, `13h`, `7d`, `1d12h`. */
  advance(by: string): Promise<ClockView>;
  now(): Promise<ClockView>;
  reset(): Promise<ClockView>;
}

function kindOf(spec: FaultSpec) {
  const effects = [
    spec.status !== undefined && ({ kind: 'status', status: spec.status } as const),
    spec.latencyMs !== undefined && ({ kind: 'latency', latencyMs: spec.latencyMs } as const),
    spec.reset === true && ({ kind: 'reset' } as const),
    spec.rateLimit === true && ({ kind: 'rate_limit' } as const),
  ].filter((e) => e !== false);
  if (effects.length !== 1)
    throw new Error('A fault has exactly one effect: status, latencyMs, reset: true or rateLimit: true');
  return effects[0]!;
}

export function faultControl(admin: AdminApi): FaultControl {
  return {
    add: (spec) =>
      admin.call<FaultView>('POST', '/faults/v1/faults', {
        target: spec.target,
        ...(spec.route === undefined ? {} : { route: spec.route }),
        ...(spec.clientId === undefined ? {} : { clientId: spec.clientId }),
        ...kindOf(spec),
        ...(spec.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: spec.retryAfterSeconds }),
        ...(spec.probability === undefined ? {} : { probability: spec.probability }),
        ...(spec.forMs === undefined ? {} : { activeForMs: spec.forMs }),
      }),
    list: async () => (await admin.call<{ items: FaultView[] }>('GET', '/faults/v1/faults')).items,
    remove: async (id) => void (await admin.call('DELETE', `/faults/v1/faults/${encodeURIComponent(id)}`)),
    clear: async () => (await admin.call<{ deleted: number }>('DELETE', '/faults/v1/faults')).deleted,
  };
}

export function clockControl(admin: AdminApi): ClockControl {
  return {
    advance: (by) => admin.call<ClockView>('POST', '/dev/v1/clock/advance', { by }),
    now: () => admin.call<ClockView>('GET', '/dev/v1/clock'),
    reset: () => admin.call<ClockView>('DELETE', '/dev/v1/clock'),
  };
}
