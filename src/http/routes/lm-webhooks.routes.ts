/**
 * Webhook subscriptions of a tenant (`/lm/v1/tenants/{tenantId}/webhooks`, webhooks/): a Security Viewer or
 * Administrator lists them and reads their delivery log; the Security Administrator adds (the answer shows the
 * signing secret once), changes, deletes and tests them. Answers carry `Cache-Control: no-store` (the creation's
 * carries the secret).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { LANDSCAPE_ERRORS } from '../../landscape/errors.js';
import { SHARED_ERRORS } from '../../shared/error-codes.js';
import { webhookViews as views, WEBHOOK_ERRORS, type Webhooks } from '../../webhooks/index.js';
import { registerRoutes } from '../contract/register.js';
import { defineRoute, json, noContent } from '../contract/route.js';

const tenantParams = z.object({ tenantId: z.string().min(1).max(100) });
const webhookParams = tenantParams.extend({ webhookId: z.string().min(1).max(100) });
const eventList = z.array(z.string().min(1).max(100)).max(50);
export const createWebhookBody = z.object({
  url: z
    .string()
    .min(1)
    .max(2000)
    .describe('https:// (or http://) URL on the egress allow-list (CALM_KEYS_EGRESS_ALLOW)'),
  events: eventList.optional().describe('Event types to send; omitted or empty: every event'),
  enabled: z.boolean().optional().describe('Default true'),
});
export const changeWebhookBody = z.object({
  url: z.string().min(1).max(2000).optional(),
  events: eventList.optional().describe('Empty: every event'),
  enabled: z.boolean().optional(),
});
export const deliveriesQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).optional() });

const tag = 'landscape';
const auth = 'person';
const TENANT = { 403: [SHARED_ERRORS.forbidden], 404: [LANDSCAPE_ERRORS.tenant_not_found] } as const;
const WEBHOOK = {
  403: [SHARED_ERRORS.forbidden],
  404: [LANDSCAPE_ERRORS.tenant_not_found, WEBHOOK_ERRORS.not_found],
} as const;
const URL_ERRORS = [WEBHOOK_ERRORS.bad_url, WEBHOOK_ERRORS.url_not_allowed, WEBHOOK_ERRORS.unknown_event] as const;

export async function registerWebhookRoutes(app: FastifyInstance, deps: { webhooks: Webhooks }): Promise<void> {
  const service = deps.webhooks.subscriptions;
  const base = '/lm/v1/tenants/{tenantId}/webhooks';
  await app.register(async (scope) => {
    scope.addHook('onSend', async (_request, reply) => {
      void reply.header('Cache-Control', 'no-store');
    });
    registerRoutes(scope, [
      defineRoute({
        method: 'GET',
        path: base,
        summary: 'Webhook subscriptions of the tenant (never their secrets)',
        tag,
        auth,
        params: tenantParams,
        responses: {
          200: json('The subscriptions, the event types and what the caller may do', views.webhookListSchema),
        },
        errors: TENANT,
        handler: ({ actor, params }) => service.list(actor, params.tenantId),
      }),
      defineRoute({
        method: 'POST',
        path: base,
        summary: 'Add a webhook subscription; the answer shows its signing secret, once',
        tag,
        auth,
        description:
          'Deliveries are signed the Standard Webhooks way (webhook-id, webhook-timestamp, webhook-signature: v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>"> keyed with the base64-decoded part of the secret after whsec_). The secret is shown only in this answer.',
        params: tenantParams,
        body: createWebhookBody,
        responses: { 201: json('Added: the subscription and its signing secret', views.webhookCreatedSchema) },
        errors: { ...TENANT, 400: URL_ERRORS, 409: [WEBHOOK_ERRORS.too_many] },
        handler: ({ actor, params, body }) => service.create(actor, params.tenantId, body),
      }),
      defineRoute({
        method: 'GET',
        path: `${base}/{webhookId}`,
        summary: 'One webhook subscription (never its secret)',
        tag,
        auth,
        params: webhookParams,
        responses: { 200: json('The subscription', views.webhookViewSchema) },
        errors: WEBHOOK,
        handler: ({ actor, params }) => service.get(actor, params.tenantId, params.webhookId),
      }),
      defineRoute({
        method: 'PATCH',
        path: `${base}/{webhookId}`,
        summary: 'Change the URL, the events, or enable or disable the subscription',
        tag,
        auth,
        params: webhookParams,
        body: changeWebhookBody,
        responses: { 200: json('Changed', views.webhookViewSchema) },
        errors: { ...WEBHOOK, 400: URL_ERRORS },
        handler: ({ actor, params, body }) => service.change(actor, params.tenantId, params.webhookId, body),
      }),
      defineRoute({
        method: 'DELETE',
        path: `${base}/{webhookId}`,
        summary: 'Delete the subscription with its pending deliveries and its log',
        tag,
        auth,
        params: webhookParams,
        responses: { 204: noContent('Deleted') },
        errors: WEBHOOK,
        handler: async ({ actor, params }) => void (await service.remove(actor, params.tenantId, params.webhookId)),
      }),
      defineRoute({
        method: 'GET',
        path: `${base}/{webhookId}/deliveries`,
        summary: 'The delivery log: every attempt (time, event, status code, error), newest first',
        tag,
        auth,
        params: webhookParams,
        query: deliveriesQuery,
        responses: { 200: json('The attempts and the deliveries waiting', views.webhookDeliveryLogSchema) },
        errors: WEBHOOK,
        handler: ({ actor, params, query }) =>
          service.deliveries(actor, params.tenantId, params.webhookId, query.limit ?? 100),
      }),
      defineRoute({
        method: 'POST',
        path: `${base}/{webhookId}/test`,
        summary: 'Send a test event (type webhook.test) to this subscription now',
        tag,
        auth,
        params: webhookParams,
        responses: { 202: json('Queued; its attempts appear in the delivery log', views.webhookTestSentSchema) },
        errors: { ...WEBHOOK, 409: [WEBHOOK_ERRORS.disabled] },
        handler: ({ actor, params }) => service.sendTest(actor, params.tenantId, params.webhookId),
      }),
    ]);
  });
}
