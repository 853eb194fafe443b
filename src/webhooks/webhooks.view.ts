/**
 * What callers of `/lm/v1/tenants/{tenantId}/webhooks` see, as zod schemas (OpenAPI components, response
 * check) and the presenters from stored rows. No view carries the signing secret but the answer of the
 * creation (`WebhookCreated`), which shows it once.
 */
import { z } from 'zod';
import type { AttemptRow, DeliveryRow, LogEntry, SubscriptionRow } from './webhooks.repo.js';

export const webhookViewSchema = z
  .strictObject({
    id: z.string(),
    tenantId: z.string(),
    url: z.string().describe('Where the events are POSTed'),
    events: z.array(z.string()).describe('The event types sent; empty: every event'),
    enabled: z.boolean(),
    createdAt: z.string(),
    createdBy: z.string(),
    updatedAt: z.string(),
    lastAttempt: z
      .strictObject({ at: z.string(), statusCode: z.number().int().nullable() })
      .nullable()
      .describe('The most recent delivery attempt; statusCode null when the receiver did not answer'),
  })
  .meta({ id: 'WebhookView' });
export type WebhookView = z.infer<typeof webhookViewSchema>;

export const webhookListSchema = z
  .strictObject({
    tenantId: z.string(),
    items: z.array(webhookViewSchema),
    eventTypes: z.array(z.string()).describe('The event types a subscription may name'),
    actions: z
      .strictObject({ manage: z.boolean().describe('Add, change, delete and test subscriptions (lm.webhook.manage)') })
      .describe('What the caller may do in this tenant: a UI offers only these'),
  })
  .meta({ id: 'WebhookList' });
export type WebhookList = z.infer<typeof webhookListSchema>;

export const webhookCreatedSchema = z
  .strictObject({
    webhook: webhookViewSchema,
    secret: z
      .string()
      .describe('The signing secret (whsec_...): shown only in this answer; keep it where the receiver verifies'),
  })
  .meta({ id: 'WebhookCreated' });
export type WebhookCreated = z.infer<typeof webhookCreatedSchema>;

const deliveryStatus = z.enum(['pending', 'delivered', 'failed']);

export const webhookAttemptSchema = z
  .strictObject({
    deliveryId: z.string().describe('The webhook-id header: the same on every attempt of one delivery'),
    eventId: z.string(),
    eventType: z.string(),
    attempt: z.number().int(),
    at: z.string(),
    statusCode: z.number().int().nullable().describe('null: no answer (refused, timed out, host not allowed)'),
    error: z.string().nullable(),
    durationMs: z.number().int(),
    deliveryStatus,
    nextAttemptAt: z.string().nullable().describe('When a pending delivery is tried again'),
  })
  .meta({ id: 'WebhookAttempt' });

export const webhookDeliveryLogSchema = z
  .strictObject({
    tenantId: z.string(),
    webhookId: z.string(),
    items: z.array(webhookAttemptSchema).describe('Every attempt, newest first'),
    queued: z
      .array(
        z.strictObject({
          deliveryId: z.string(),
          eventId: z.string(),
          eventType: z.string(),
          attempts: z.number().int(),
          nextAttemptAt: z.string(),
          createdAt: z.string(),
        }),
      )
      .describe('Deliveries waiting for their next attempt'),
  })
  .meta({ id: 'WebhookDeliveryLog' });
export type WebhookDeliveryLog = z.infer<typeof webhookDeliveryLogSchema>;

export const webhookTestSentSchema = z
  .strictObject({ deliveryId: z.string(), eventId: z.string(), eventType: z.literal('webhook.test') })
  .meta({ id: 'WebhookTestSent' });

export function parseEvents(text: string): string[] {
  const value = JSON.parse(text) as unknown;
  return Array.isArray(value) ? value.filter((e): e is string => typeof e === 'string') : [];
}

/**
 * What a person who may not manage the subscription sees of its URL: the scheme and host, the rest masked. Many
 * receivers carry their own credential in the path or query (a chat service's incoming-webhook URL); a Security
 * Viewer needs to know where the events go, not how to post to it (the audit records name the host only too).
 */
export function maskedWebhookUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const rest = `${parsed.pathname}${parsed.search}${parsed.hash}`;
    return rest === '/' || rest === '' ? `${parsed.origin}/` : `${parsed.origin}/…`;
  } catch {
    return '…';
  }
}

export function presentWebhook(
  row: SubscriptionRow,
  last: Pick<AttemptRow, 'at' | 'status_code'> | undefined,
  options: { readonly fullUrl: boolean },
): WebhookView {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    url: options.fullUrl ? row.url : maskedWebhookUrl(row.url),
    events: parseEvents(row.events),
    enabled: row.enabled === 1,
    createdAt: row.created_at,
    createdBy: row.created_by_name,
    updatedAt: row.updated_at,
    lastAttempt: last ? { at: last.at, statusCode: last.status_code === null ? null : Number(last.status_code) } : null,
  };
}

export function presentLog(
  tenantId: string,
  webhookId: string,
  entries: readonly LogEntry[],
  queued: readonly DeliveryRow[],
): WebhookDeliveryLog {
  return {
    tenantId,
    webhookId,
    items: entries.map(({ attempt, delivery }) => ({
      deliveryId: delivery.id,
      eventId: delivery.event_id,
      eventType: delivery.event_type,
      attempt: attempt.attempt,
      at: attempt.at,
      statusCode: attempt.status_code,
      error: attempt.error,
      durationMs: attempt.duration_ms,
      deliveryStatus: deliveryStatus.catch('pending').parse(delivery.status),
      nextAttemptAt: delivery.status === 'pending' ? delivery.next_attempt_at : null,
    })),
    queued: queued.map((d) => ({
      deliveryId: d.id,
      eventId: d.event_id,
      eventType: d.event_type,
      attempts: Number(d.attempts),
      nextAttemptAt: d.next_attempt_at,
      createdAt: d.created_at,
    })),
  };
}
