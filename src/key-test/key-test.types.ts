/** The result of testing a service key online. Safe to print, log, store and return over HTTP: it never holds the secret, the private key or the access token. */
import type { EgressClient } from '../egress/index.js';
import type { Clock } from '../shared/index.js';

export type KeyTestStepId = 'token' | 'jwt-signature' | 'jwt-claims' | 'api';
export type KeyTestStepStatus = 'passed' | 'failed' | 'skipped';

export interface KeyTestStep {
  readonly id: KeyTestStepId;
  readonly status: KeyTestStepStatus;
  /** One sentence for a person: what was found, or why it failed, or why the step did not run. */
  readonly detail: string;
  /** A passed step that could not prove everything it meant to: what was not proven (the detail says more). */
  readonly warning?: string;
  readonly durationMs: number;
}

export interface KeyTestResult {
  /** True when every step that ran passed. */
  readonly ok: boolean;
  readonly steps: readonly KeyTestStep[];
  readonly failedStep?: KeyTestStepId;
  /** The failed step's detail. */
  readonly reason?: string;
  /** The warnings of passed steps; absent when there are none. The key still passed (`ok`). */
  readonly warnings?: readonly string[];
  /** One line: "the key works ..." or "the key failed at step token: ...". */
  readonly summary: string;
}

export interface KeyTestOptions {
  /** All HTTP goes through this client: its timeouts, trusted CAs and allow-list apply. */
  readonly egress: EgressClient;
  readonly clock: Clock;
  /** Also call the Cloud ALM API with the token (step `api`). Default false. */
  readonly apiProbe?: boolean;
  /** Path under `endpoints.Api` for the probe. Default DEFAULT_API_PROBE_PATH. */
  readonly apiProbePath?: string;
  /** The zone the token must be issued for, e.g. the tenant's; checked in addition to the key's own zone id. */
  readonly expectedZoneId?: string;
}

/** What one step produced; `value` feeds the next step and never leaves the module. */
export type StepOutcome<T> =
  | { readonly status: 'passed'; readonly detail: string; readonly value: T; readonly warning?: string }
  | { readonly status: 'failed'; readonly detail: string };

export const passed = <T>(detail: string, value: T, warning?: string): StepOutcome<T> => ({
  status: 'passed',
  detail,
  value,
  ...(warning ? { warning } : {}),
});
export const failed = <T>(detail: string): StepOutcome<T> => ({ status: 'failed', detail });
