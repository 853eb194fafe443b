/**
 * Every error code of webhooks, in one typed catalogue (like landscape/errors.ts). The codes start with `lm.`
 * because subscriptions live under `/lm/v1/tenants/{tenantId}/webhooks` and the CLI tells a refusal of
 * Landscape Management by that prefix; an unknown tenant answers Landscape Management's `lm.tenant.not_found`.
 * A code is stable once released. This file imports nothing (.dependency-cruiser.cjs, `error-catalogues-are-leaves`).
 */
export const WEBHOOK_ERRORS = {
  not_found: 'lm.webhook.not_found',
  /** Not an absolute http(s) URL, or one with a user name or password in it. */
  bad_url: 'lm.webhook.bad_url',
  /** The URL's host is not on the egress allow-list (CALM_KEYS_EGRESS_ALLOW). */
  url_not_allowed: 'lm.webhook.url_not_allowed',
  unknown_event: 'lm.webhook.unknown_event',
  /** A tenant holds at most MAX_SUBSCRIPTIONS_PER_TENANT subscriptions. */
  too_many: 'lm.webhook.too_many',
  /** A test event is sent to an enabled subscription only. */
  disabled: 'lm.webhook.disabled',
} as const;

export type WebhookErrorCode = (typeof WEBHOOK_ERRORS)[keyof typeof WEBHOOK_ERRORS];
