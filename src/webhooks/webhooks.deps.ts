/**
 * What webhooks need from outside, as narrow ports that main.ts fills: the tenant chain for the access guard
 * (BTP side), the egress client the deliveries go through (allow-list, timeout), and the event types they may
 * subscribe to (Landscape Management's, lm.events.ts; this module never imports landscape/).
 */
import type { AuditWriter } from '../audit/index.js';
import type { SecretBox } from '../crypto/index.js';
import type { EgressRequest, EgressResponse } from '../egress/index.js';
import type { Clock } from '../shared/index.js';
import type { Db, Dialect } from '../store/index.js';

export interface WebhookTenant {
  readonly tenantId: string;
  readonly subaccountId: string;
  readonly globalAccountId: string;
}

export interface WebhookTenants {
  find(tenantId: string): Promise<WebhookTenant | undefined>;
}

/** The egress client's call: it refuses hosts off the allow-list and bounds the time (egress/). */
export interface WebhookSender {
  request(request: EgressRequest): Promise<EgressResponse>;
}

export interface WebhookSettings {
  /** How often the worker looks for due deliveries. */
  readonly pollMs: number;
  /** First retry after about this long; each further one waits twice as long (with jitter), up to `maxDelayMs`. */
  readonly retryBaseMs: number;
  readonly maxDelayMs: number;
  /** A delivery not delivered this long after its event is marked failed (24 h). */
  readonly giveUpAfterMs: number;
  /** How long a process holds a claimed delivery (longer than a send's timeout). */
  readonly leaseMs: number;
  readonly batchSize: number;
  /** Finished deliveries and their log are kept this long (30 days), checked at most once per `pruneEveryMs`. */
  readonly retentionMs: number;
  readonly pruneEveryMs: number;
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
  pollMs: 1_000,
  retryBaseMs: 5_000,
  maxDelayMs: 2 * 3_600_000,
  giveUpAfterMs: 24 * 3_600_000,
  leaseMs: 60_000,
  batchSize: 20,
  retentionMs: 30 * 86_400_000,
  pruneEveryMs: 3_600_000,
};

export interface WebhookDeps {
  readonly db: Db;
  readonly dialect: Dialect;
  readonly audit: AuditWriter;
  readonly clock: Clock;
  readonly secrets: SecretBox;
  readonly tenants: WebhookTenants;
  readonly sender: WebhookSender;
  /** The egress allow-list's patterns, to refuse a subscription whose URL would never be called. */
  readonly allowsUrl: (url: URL) => boolean;
  /** The event types a subscription may name (besides `webhook.test`, which is sent on request only). */
  readonly eventTypes: readonly string[];
  readonly settings?: Partial<WebhookSettings>;
  /** Randomness for the jitter (tests pass a fixed one). */
  readonly random?: () => number;
  /** A failed pass (the database), never thrown. */
  readonly onError?: (error: unknown) => void;
}

export const TEST_EVENT_TYPE = 'webhook.test';
export const MAX_SUBSCRIPTIONS_PER_TENANT = 20;
