/**
 * Webhook subscriptions for people: a Landscape Management Security Viewer or Administrator of the tenant sees
 * them and their delivery log (`lm.webhook.view`); only the Security Administrator adds, changes, deletes and
 * tests them (`lm.webhook.manage`). The signing secret is generated here, sealed at rest and returned once, by
 * `create`. Every change is audited in its transaction; the audit records name the URL's host, never the
 * secret (nor the URL's path and query, which some receivers use as a credential).
 */
import { createGuard, decide, toAuditActor, type Action, type Actor, type Resource } from '../access/index.js';
import { newId, newWebhookSecret } from '../crypto/index.js';
import { LANDSCAPE_ERRORS } from '../landscape/errors.js';
import { conflict, DomainError, invalidInput } from '../shared/index.js';
import { withTx } from '../store/index.js';
import { createDeliveryWorker, secretContext, type DeliveryWorker } from './delivery.js';
import { WEBHOOK_ERRORS } from './errors.js';
import {
  MAX_SUBSCRIPTIONS_PER_TENANT,
  TEST_EVENT_TYPE,
  type WebhookDeps,
  type WebhookTenant,
} from './webhooks.deps.js';
import * as repo from './webhooks.repo.js';
import {
  parseEvents,
  presentLog,
  presentWebhook,
  type WebhookCreated,
  type WebhookDeliveryLog,
  type WebhookList,
  type WebhookView,
} from './webhooks.view.js';

export interface CreateWebhook {
  readonly url: string;
  /** Omitted or empty: every event. */
  readonly events?: readonly string[];
  readonly enabled?: boolean;
}

export interface ChangeWebhook {
  readonly url?: string;
  readonly events?: readonly string[];
  readonly enabled?: boolean;
}

const tenantNotFound = () =>
  new DomainError('not_found', LANDSCAPE_ERRORS.tenant_not_found, 'No such Cloud ALM tenant.');
const webhookNotFound = (id: string) =>
  new DomainError('not_found', WEBHOOK_ERRORS.not_found, `No webhook subscription "${id}" in this tenant.`);
const resourceOf = (tenant: WebhookTenant): Resource => ({ kind: 'tenant', ...tenant });

export function createWebhookService(deps: WebhookDeps, worker: DeliveryWorker = createDeliveryWorker(deps)) {
  const { db, audit, clock, secrets } = deps;
  const guard = createGuard(deps);
  const now = () => clock.now().toISOString();

  async function authorized(actor: Actor, tenantId: string, action: Action): Promise<WebhookTenant> {
    const tenant = await deps.tenants.find(tenantId);
    if (!tenant) throw tenantNotFound();
    await guard(actor, action, resourceOf(tenant), { notFound: tenantNotFound });
    return tenant;
  }

  async function subscriptionOf(tenantId: string, id: string): Promise<repo.SubscriptionRow> {
    const row = await repo.findSubscription(db, tenantId, id);
    if (!row) throw webhookNotFound(id);
    return row;
  }

  /** The whole URL for whoever may manage the subscription; its host only for a viewer (maskedWebhookUrl). */
  const view = async (row: repo.SubscriptionRow, fullUrl: boolean): Promise<WebhookView> =>
    presentWebhook(row, await repo.lastAttemptOf(db, row.tenant_id, row.id), { fullUrl });
  const mayManage = (actor: Actor, tenant: WebhookTenant): boolean =>
    decide(actor, 'lm.webhook.manage', resourceOf(tenant)) === 'allow';

  function checkUrl(text: string): URL {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw invalidInput(WEBHOOK_ERRORS.bad_url, 'The webhook URL must be an absolute http or https URL.', [
        { path: 'url', message: 'not a URL' },
      ]);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw invalidInput(WEBHOOK_ERRORS.bad_url, 'The webhook URL must start with https:// (or http://).', [
        { path: 'url', message: `scheme ${url.protocol} is not supported` },
      ]);
    if (url.username !== '' || url.password !== '')
      throw invalidInput(
        WEBHOOK_ERRORS.bad_url,
        'The webhook URL must not carry a user name or password: deliveries are signed, verify the signature instead.',
        [{ path: 'url', message: 'user info in the URL' }],
      );
    if (!deps.allowsUrl(url))
      throw invalidInput(
        WEBHOOK_ERRORS.url_not_allowed,
        `calm-keys may not call ${url.host}: add it to the egress allow-list (CALM_KEYS_EGRESS_ALLOW, e.g. "${url.hostname}" or "${url.host}") and restart the server.`,
        [{ path: 'url', message: 'host not on the egress allow-list' }],
      );
    return url;
  }

  function checkEvents(events: readonly string[] | undefined): string[] {
    const list = [...new Set(events ?? [])];
    list.forEach((name, index) => {
      if (!deps.eventTypes.includes(name))
        throw invalidInput(
          WEBHOOK_ERRORS.unknown_event,
          `Unknown event type "${name}"; the types are: ${deps.eventTypes.join(', ')}.`,
          [{ path: `events[${index}]`, message: 'unknown event type' }],
        );
    });
    return list;
  }

  return {
    worker,

    async list(actor: Actor, tenantId: string): Promise<WebhookList> {
      const tenant = await authorized(actor, tenantId, 'lm.webhook.view');
      const rows = await repo.listSubscriptions(db, tenant.tenantId);
      const manage = mayManage(actor, tenant);
      return {
        tenantId: tenant.tenantId,
        items: await Promise.all(rows.map((row) => view(row, manage))),
        eventTypes: [...deps.eventTypes],
        actions: { manage },
      };
    },

    async get(actor: Actor, tenantId: string, id: string): Promise<WebhookView> {
      const tenant = await authorized(actor, tenantId, 'lm.webhook.view');
      return view(await subscriptionOf(tenant.tenantId, id), mayManage(actor, tenant));
    },

    async create(actor: Actor, tenantId: string, input: CreateWebhook): Promise<WebhookCreated> {
      const tenant = await authorized(actor, tenantId, 'lm.webhook.manage');
      const url = checkUrl(input.url);
      const events = checkEvents(input.events);
      const tooMany = () =>
        conflict(
          WEBHOOK_ERRORS.too_many,
          `A tenant holds at most ${MAX_SUBSCRIPTIONS_PER_TENANT} webhook subscriptions: delete one you no longer need first.`,
        );
      if ((await repo.countSubscriptions(db, tenant.tenantId)) >= MAX_SUBSCRIPTIONS_PER_TENANT) throw tooMany();
      const id = newId();
      const secret = newWebhookSecret();
      const at = now();
      const row: repo.SubscriptionRow = {
        tenant_id: tenant.tenantId,
        id,
        url: url.toString(),
        events: JSON.stringify(events),
        enabled: input.enabled === false ? 0 : 1,
        secret_sealed: secrets.seal(Buffer.from(secret, 'utf8'), secretContext(tenant.tenantId, id)),
        created_by_id: actor.userId,
        created_by_name: actor.username,
        created_at: at,
        updated_at: at,
      };
      await withTx(db, async (tx) => {
        // concurrent adds: counted again under the tenant's lock, so the cap holds
        await repo.lockTenantSubscriptions(tx, deps.dialect, tenant.tenantId);
        if ((await repo.countSubscriptions(tx, tenant.tenantId)) >= MAX_SUBSCRIPTIONS_PER_TENANT) throw tooMany();
        await repo.insertSubscription(tx, row);
        await audit.record(tx, {
          action: 'lm.webhook.created',
          outcome: 'success',
          actor: toAuditActor(actor),
          tenantId: tenant.tenantId,
          targetId: id,
          details: { host: url.host, events, enabled: row.enabled === 1 },
        });
      });
      return { webhook: presentWebhook(row, undefined, { fullUrl: true }), secret };
    },

    async change(actor: Actor, tenantId: string, id: string, input: ChangeWebhook): Promise<WebhookView> {
      const tenant = await authorized(actor, tenantId, 'lm.webhook.manage');
      const row = await subscriptionOf(tenant.tenantId, id);
      const url = input.url === undefined ? undefined : checkUrl(input.url);
      const events = input.events === undefined ? undefined : checkEvents(input.events);
      const change = {
        ...(url ? { url: url.toString() } : {}),
        ...(events ? { events: JSON.stringify(events) } : {}),
        ...(input.enabled === undefined ? {} : { enabled: input.enabled ? 1 : 0 }),
        updated_at: now(),
      };
      await withTx(db, async (tx) => {
        await repo.updateSubscription(tx, tenant.tenantId, id, change);
        await audit.record(tx, {
          action: 'lm.webhook.changed',
          outcome: 'success',
          actor: toAuditActor(actor),
          tenantId: tenant.tenantId,
          targetId: id,
          details: {
            host: new URL(change.url ?? row.url).host,
            events: events ?? parseEvents(row.events),
            enabled: (change.enabled ?? row.enabled) === 1,
            fields: Object.keys(input).filter((k) => input[k as keyof ChangeWebhook] !== undefined),
          },
        });
      });
      return view({ ...row, ...change }, true); // only a manager changes a subscription
    },

    async remove(actor: Actor, tenantId: string, id: string): Promise<void> {
      const tenant = await authorized(actor, tenantId, 'lm.webhook.manage');
      const row = await subscriptionOf(tenant.tenantId, id);
      await withTx(db, async (tx) => {
        if (!(await repo.deleteSubscription(tx, tenant.tenantId, id))) throw webhookNotFound(id);
        await audit.record(tx, {
          action: 'lm.webhook.deleted',
          outcome: 'success',
          actor: toAuditActor(actor),
          tenantId: tenant.tenantId,
          targetId: id,
          details: { host: new URL(row.url).host },
        });
      });
    },

    async deliveries(actor: Actor, tenantId: string, id: string, limit = 100): Promise<WebhookDeliveryLog> {
      const tenant = await authorized(actor, tenantId, 'lm.webhook.view');
      await subscriptionOf(tenant.tenantId, id);
      const [entries, queued] = await Promise.all([
        repo.listAttempts(db, tenant.tenantId, id, limit),
        repo.listPendingDeliveries(db, tenant.tenantId, id, limit),
      ]);
      return presentLog(tenant.tenantId, id, entries, queued);
    },

    /** Queues a `webhook.test` event for this subscription only, sent at once like any delivery. */
    async sendTest(
      actor: Actor,
      tenantId: string,
      id: string,
    ): Promise<{ deliveryId: string; eventId: string; eventType: typeof TEST_EVENT_TYPE }> {
      const tenant = await authorized(actor, tenantId, 'lm.webhook.manage');
      const row = await subscriptionOf(tenant.tenantId, id);
      if (row.enabled !== 1)
        throw conflict(WEBHOOK_ERRORS.disabled, 'The subscription is disabled: enable it to send a test event.');
      const eventId = newId();
      const at = now();
      const event = {
        id: eventId,
        type: TEST_EVENT_TYPE,
        tenantId: tenant.tenantId,
        at,
        data: {
          id: eventId,
          tenantId: tenant.tenantId,
          at,
          webhookId: id,
          message: 'A test event sent from calm-keys.',
        },
      };
      const deliveryId = await withTx(db, async (tx) => {
        const queued = await worker.queueOne(tx, event, row);
        await audit.record(tx, {
          action: 'lm.webhook.test_sent',
          outcome: 'success',
          actor: toAuditActor(actor),
          tenantId: tenant.tenantId,
          targetId: id,
          details: { host: new URL(row.url).host, eventId },
        });
        return queued;
      });
      void worker.deliverDue();
      return { deliveryId, eventId, eventType: TEST_EVENT_TYPE };
    },
  };
}

export type WebhookService = ReturnType<typeof createWebhookService>;
