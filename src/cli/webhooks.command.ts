/**
 * `calm-keys webhooks ...`: webhook subscriptions of Landscape Management over the REST API
 * (`/lm/v1/tenants/{tenantId}/webhooks`): add (prints the id and the signing secret, once), list, remove,
 * enable, disable, deliveries (the log), test. `--tenant` takes a tenant id, name or identity zone (tenants.ts);
 * the commands on one subscription find its tenant among yours when `--tenant` is left out. Exit codes: 0
 * success, 1 a refused subscription (bad URL, host not allowed, unknown event), 2 usage, access or server problems.
 */
import type { Command } from 'commander';
import { WEBHOOK_ERRORS } from '../webhooks/errors.js';
import { answer, refusal, withApiClient, withServerOptions, type ApiClient, type Schemas } from './api-client.js';
import { usage } from './files.js';
import { CliExit, table } from './output.js';
import { listTenants, resolveTenant } from './tenants.js';

interface Options {
  url?: string;
  token?: string;
  ca?: string;
  tenant?: string;
  events?: string;
  disabled?: boolean;
  limit?: string;
  json?: boolean;
}

type Webhook = Schemas['WebhookView'];
const one = (tenantId: string, webhookId: string) => ({ params: { path: { tenantId, webhookId } } });
const REFUSED: readonly string[] = [
  WEBHOOK_ERRORS.bad_url,
  WEBHOOK_ERRORS.url_not_allowed,
  WEBHOOK_ERRORS.unknown_event,
];

/** The tenants to look in: the one --tenant names, or every tenant of the caller. */
async function tenantsOf(api: ApiClient, options: Options): Promise<string[]> {
  if (options.tenant) return [(await resolveTenant(api, options.tenant)).tenantId];
  return (await listTenants(api)).map((t) => t.tenantId);
}

/** The subscription's tenant: --tenant, or the one of your tenants that holds it. */
async function locate(api: ApiClient, options: Options, id: string): Promise<string> {
  if (options.tenant) return (await resolveTenant(api, options.tenant)).tenantId;
  for (const tenantId of await tenantsOf(api, options)) {
    const { response } = await api.GET('/lm/v1/tenants/{tenantId}/webhooks/{webhookId}', one(tenantId, id));
    if (response.ok) return tenantId;
  }
  return usage(`no webhook subscription ${id} in your tenants (list them with: calm-keys webhooks list)`);
}

const eventsOf = (w: Webhook) => (w.events.length === 0 ? 'all' : w.events.join(','));
const lastOf = (w: Webhook) => (w.lastAttempt ? `${w.lastAttempt.at} ${w.lastAttempt.statusCode ?? 'no answer'}` : '-');

export function registerWebhookCommands(program: Command): void {
  const webhooks = program
    .command('webhooks')
    .description(
      "Webhooks of Landscape Management: the slot's events (key uploaded, deleted, tested, ...) POSTed to your URL, signed (Standard Webhooks)",
    );

  // here --url is the receiver's URL, as issue 17 names it: the server is --server (or CALM_KEYS_URL)
  webhooks
    .command('add')
    .description('Add a subscription; prints its id and its signing secret (shown only once)')
    .option('--server <url>', 'calm-keys server (env CALM_KEYS_URL, default https://localhost:8443)')
    .option('--token <token>', 'personal API token (env CALM_KEYS_API_TOKEN)')
    .option('--ca <file>', 'CA certificate to trust (env CALM_KEYS_CA_FILE; else ./data/tls/ca.pem when present)')
    .option('--tenant <tenant>', 'the Cloud ALM tenant: its id, name or identity zone')
    .option('--url <url>', 'where to POST the events (its host must be on CALM_KEYS_EGRESS_ALLOW)')
    .option('--events <list>', 'comma-separated event types (default: all), e.g. key.uploaded,key.turned_red')
    .option('--disabled', 'add it disabled')
    .action((options: Options & { server?: string }) => {
      if (!options.tenant) usage('--tenant <id|name|identity zone> is required (calm-keys lm tenants lists them)');
      if (!options.url) usage('--url <url> is required');
      const events = (options.events ?? '')
        .split(',')
        .map((e) => e.trim())
        .filter(Boolean);
      const server = { url: options.server, token: options.token, ca: options.ca };
      return withApiClient(server, async (api) => {
        const tenantId = (await resolveTenant(api, options.tenant!)).tenantId;
        try {
          const created = await answer(
            api.POST('/lm/v1/tenants/{tenantId}/webhooks', {
              params: { path: { tenantId } },
              body: { url: options.url!, events, ...(options.disabled ? { enabled: false } : {}) },
            }),
          );
          console.log(`webhook ${created.webhook.id}`);
          console.log(`secret  ${created.secret}`);
          console.log(
            `events  ${eventsOf(created.webhook)}\n\nStore the secret now: it is shown only once. Verify each delivery's webhook-signature with it (README, "Webhooks").`,
          );
        } catch (error) {
          const code = (error as { code?: unknown }).code;
          if (typeof code === 'string' && REFUSED.includes(code)) {
            console.log(`refused: ${(error as Error).message} (${code})`);
            throw new CliExit(1);
          }
          throw error;
        }
      });
    });

  withServerOptions(webhooks.command('list').description('The subscriptions of a tenant (or of all your tenants)'))
    .option('--tenant <tenant>', 'the Cloud ALM tenant: its id, name or identity zone (default: all yours)')
    .option('--json', 'print the answers as JSON')
    .action((options: Options) =>
      withApiClient(options, async (api) => {
        const lists = [];
        for (const tenantId of await tenantsOf(api, options)) {
          const { data, error, response } = await api.GET('/lm/v1/tenants/{tenantId}/webhooks', {
            params: { path: { tenantId } },
          });
          // without --tenant, a tenant where you may not see webhooks (another LM role) is left out
          if (response.status === 403 && !options.tenant) continue;
          if (!data) throw refusal(response.status, error);
          lists.push(data);
        }
        if (options.json) return console.log(JSON.stringify(lists, null, 2));
        const items = lists.flatMap((l) => l.items);
        if (items.length === 0) return console.log('no webhook subscriptions');
        console.log(
          table([
            ['ID', 'TENANT', 'URL', 'EVENTS', 'ENABLED', 'LAST ATTEMPT'],
            ...items.map((w) => [w.id, w.tenantId, w.url, eventsOf(w), w.enabled ? 'yes' : 'no', lastOf(w)]),
          ]),
        );
      }),
    );

  withServerOptions(webhooks.command('remove <id>').description('Delete a subscription with its pending deliveries'))
    .option('--tenant <tenant>', 'the Cloud ALM tenant (default: found among yours)')
    .action((id: string, options: Options) =>
      withApiClient(options, async (api) => {
        const tenantId = await locate(api, options, id);
        await answer(api.DELETE('/lm/v1/tenants/{tenantId}/webhooks/{webhookId}', one(tenantId, id)));
        console.log(`deleted webhook ${id}`);
      }),
    );

  for (const [name, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    withServerOptions(
      webhooks.command(`${name} <id>`).description(`${name[0]!.toUpperCase()}${name.slice(1)} a subscription`),
    )
      .option('--tenant <tenant>', 'the Cloud ALM tenant (default: found among yours)')
      .action((id: string, options: Options) =>
        withApiClient(options, async (api) => {
          const tenantId = await locate(api, options, id);
          await answer(
            api.PATCH('/lm/v1/tenants/{tenantId}/webhooks/{webhookId}', { ...one(tenantId, id), body: { enabled } }),
          );
          console.log(`webhook ${id} ${enabled ? 'enabled' : 'disabled'}`);
        }),
      );
  }

  withServerOptions(
    webhooks
      .command('deliveries <id>')
      .description('The delivery log: every attempt with its status code, newest first'),
  )
    .option('--tenant <tenant>', 'the Cloud ALM tenant (default: found among yours)')
    .option('--limit <n>', 'at most this many attempts (default 50)')
    .option('--json', 'print the answer as JSON')
    .action((id: string, options: Options) =>
      withApiClient(options, async (api) => {
        const limit = options.limit === undefined ? 50 : Number(options.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000) usage('--limit takes a whole number from 1 to 1000');
        const tenantId = await locate(api, options, id);
        const log = await answer(
          api.GET('/lm/v1/tenants/{tenantId}/webhooks/{webhookId}/deliveries', {
            params: { path: { tenantId, webhookId: id }, query: { limit } },
          }),
        );
        if (options.json) return console.log(JSON.stringify(log, null, 2));
        for (const q of log.queued)
          console.log(
            `queued ${q.eventType} (${q.deliveryId}), ${q.attempts} attempts so far, next at ${q.nextAttemptAt}`,
          );
        if (log.items.length === 0) return console.log('no delivery attempts yet');
        console.log(
          table([
            ['TIME', 'EVENT', 'ATTEMPT', 'STATUS', 'DELIVERY', 'ERROR'],
            ...log.items.map((i) => [
              i.at,
              i.eventType,
              String(i.attempt),
              i.statusCode === null ? '-' : String(i.statusCode),
              i.deliveryStatus,
              i.error ?? '',
            ]),
          ]),
        );
      }),
    );

  withServerOptions(webhooks.command('test <id>').description('Send a test event (type webhook.test) now'))
    .option('--tenant <tenant>', 'the Cloud ALM tenant (default: found among yours)')
    .action((id: string, options: Options) =>
      withApiClient(options, async (api) => {
        const tenantId = await locate(api, options, id);
        const sent = await answer(api.POST('/lm/v1/tenants/{tenantId}/webhooks/{webhookId}/test', one(tenantId, id)));
        console.log(
          `queued test event ${sent.eventId} (webhook-id ${sent.deliveryId}); see the result with: calm-keys webhooks deliveries ${id}`,
        );
      }),
    );
}
