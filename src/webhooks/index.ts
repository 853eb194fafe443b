/** Webhooks: subscriptions per Cloud ALM tenant, signed deliveries (Standard Webhooks), retries, a log. See README.md. */
export type { WebhookDeps, WebhookTenant, WebhookTenants, WebhookSender, WebhookSettings } from './webhooks.deps.js';
export { DEFAULT_WEBHOOK_SETTINGS, TEST_EVENT_TYPE, MAX_SUBSCRIPTIONS_PER_TENANT } from './webhooks.deps.js';
export type { WebhookEvent, DeliveryWorker } from './delivery.js';
export type { WebhookService, CreateWebhook, ChangeWebhook } from './webhooks.service.js';
export { retryDelayMs, nextAttemptAt } from './backoff.js';
export { WEBHOOK_ERRORS, type WebhookErrorCode } from './errors.js';
export * as webhookViews from './webhooks.view.js';

import { createDeliveryWorker } from './delivery.js';
import type { WebhookDeps } from './webhooks.deps.js';
import { createWebhookService } from './webhooks.service.js';

export function createWebhooks(deps: WebhookDeps) {
  const worker = createDeliveryWorker(deps);
  const subscriptions = createWebhookService(deps, worker);
  return {
    subscriptions,
    /** The fan-out of an event (main.ts subscribes it to every Landscape Management topic). */
    fanOut: worker.fanOut,
    start: worker.start,
    stop: worker.stop,
    deliverDue: worker.deliverDue,
  };
}

export type Webhooks = ReturnType<typeof createWebhooks>;
export { receiverLookup } from './receiver-lookup.js';
