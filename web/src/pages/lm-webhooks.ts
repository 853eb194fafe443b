/**
 * Landscape Management: the webhooks of a tenant (a calm-keys extension): the events of the SAP Cloud ALM
 * Service Key slot POSTed to a URL, signed as the Standard Webhooks specification says. A Security Viewer sees
 * the subscriptions and their delivery log; a Security Administrator adds them (the signing secret is shown once,
 * with Copy), sends a test event, enables, disables and deletes them. The server's `actions` decide what is offered.
 */
import { answer, api, seg, type Schemas } from '../api';
import { h, replace } from '../dom';
import { href } from '../router';
import { formatDateTime } from '../ui/format';
import { button, confirm, errorStrip, openDialog, page, strip, table, toast, type Dialog } from '../ui/kit';
import { tableToolbar, type TableToolbar } from '../ui/table-toolbar';
import { currentTenant, headerFacts, lmCrumbs, tenantFacts, tenantGroupLabel } from './lm-common';

type WebhookList = Schemas['WebhookList'];
type Webhook = Schemas['WebhookView'];
type Input = HTMLElement & { value: string; valueState: string };
type Check = HTMLElement & { checked: boolean; text: string };

const path = (tenantId: string, webhookId: string) => ({ params: { path: { tenantId, webhookId } } });
const eventsText = (w: Webhook) => (w.events.length === 0 ? 'All events' : w.events.join(', '));

export async function webhooksPage(tenantId: string): Promise<HTMLElement> {
  const tenant = await currentTenant(tenantId);
  let data: WebhookList | undefined;
  const messages = h('div', { class: 'strips', attrs: { 'aria-live': 'polite' } });
  const header = h('div');
  const area = h('div');
  let toolbar: TableToolbar<Webhook> | undefined;

  async function reload(): Promise<void> {
    try {
      const list = await answer(api.GET('/lm/v1/tenants/{tenantId}/webhooks', { params: { path: { tenantId } } }));
      data = list;
      const failing = list.items.filter(
        (w) => w.lastAttempt && (w.lastAttempt.statusCode === null || w.lastAttempt.statusCode >= 300),
      );
      replace(
        header,
        headerFacts(
          [
            ...tenantFacts(tenant),
            {
              label: 'Enabled Webhooks',
              value: h(
                'span',
                { class: 'count', id: 'fact-enabled-webhooks' },
                String(list.items.filter((w) => w.enabled).length),
              ),
            },
            {
              label: 'Last Attempt Failed',
              value: h('span', { class: 'count', id: 'fact-failing-webhooks' }, String(failing.length)),
            },
          ],
          tenantGroupLabel(tenant),
        ),
      );
      if (toolbar) toolbar.update(list.items);
      else {
        toolbar = await tableToolbar({
          id: 'webhooks-list',
          title: 'Webhooks',
          items: list.items,
          searchLabel: 'Search webhooks by URL, event or who added them',
          searchText: (w) => [w.url, eventsText(w), w.createdBy, w.enabled ? 'Enabled' : 'Disabled'],
          sort: [
            { id: 'url', label: 'URL', value: (w) => w.url },
            { id: 'enabled', label: 'Enabled', value: (w) => (w.enabled ? 0 : 1) },
            { id: 'lastAttempt', label: 'Last Attempt', value: (w) => w.lastAttempt?.at },
          ],
          actions: [
            list.actions.manage
              ? button('Add', () => addDialog(tenantId, data?.eventTypes ?? [], reload), {
                  icon: 'add',
                  id: 'add-webhook',
                  accessibleName: 'Add webhook',
                })
              : null,
          ],
          render: (items) => webhooksTable(items),
          empty: list.actions.manage
            ? { title: 'No webhooks', subtitle: 'Add one to be told when the service key changes.' }
            : { title: 'No webhooks', subtitle: 'A Security Administrator of this tenant adds them.' },
        });
        replace(area, toolbar.element);
      }
    } catch (error) {
      replace(messages, errorStrip(error));
    }
  }

  async function act(work: () => Promise<unknown>, done: string): Promise<void> {
    try {
      await work();
      toast(done);
      await reload();
    } catch (error) {
      replace(messages, errorStrip(error));
    }
  }

  async function remove(w: Webhook): Promise<void> {
    const ok = await confirm({
      title: 'Delete Webhook',
      text: [`Delete the webhook to ${w.url}? Its pending deliveries and its delivery log are deleted with it.`],
      confirmText: 'Delete',
    });
    if (ok)
      await act(
        () => answer(api.DELETE('/lm/v1/tenants/{tenantId}/webhooks/{webhookId}', path(tenantId, w.id))),
        'Webhook deleted.',
      );
  }

  function webhooksTable(items: readonly Webhook[]): HTMLElement {
    const manage = data?.actions.manage ?? false;
    return table({
      id: 'webhooks',
      accessibleName: 'Webhooks',
      noDataText: manage ? 'No webhooks. Add one to be told when the service key changes.' : 'No webhooks.',
      columns: [
        { header: 'URL', minWidth: '14rem', importance: 10 },
        { header: 'Events', minWidth: '10rem', importance: 4 },
        { header: 'Enabled', minWidth: '5rem', importance: 6 },
        { header: 'Last Attempt', minWidth: '10rem', importance: 5 },
        { header: '', minWidth: '16rem' },
      ],
      rows: items.map((w) => [
        h('div', { class: 'stack' }, h('strong', {}, w.url), h('span', { class: 'muted' }, `added by ${w.createdBy}`)),
        eventsText(w),
        w.enabled ? 'Yes' : 'No',
        w.lastAttempt
          ? `${formatDateTime(w.lastAttempt.at)} · ${w.lastAttempt.statusCode ?? 'no answer'}`
          : 'Not sent yet',
        h(
          'div',
          { class: 'row' },
          button('Delivery Log', () => void deliveryLog(tenantId, w), {
            design: 'Transparent',
            icon: 'log',
            accessibleName: `Delivery log of ${w.url}`,
          }),
          manage && w.enabled
            ? button(
                'Send Test Event',
                () =>
                  void act(
                    () => answer(api.POST('/lm/v1/tenants/{tenantId}/webhooks/{webhookId}/test', path(tenantId, w.id))),
                    'Test event queued: see the delivery log.',
                  ),
                { design: 'Transparent', icon: 'paper-plane', accessibleName: `Send a test event to ${w.url}` },
              )
            : null,
          manage
            ? button(
                w.enabled ? 'Disable' : 'Enable',
                () =>
                  void act(
                    () =>
                      answer(
                        api.PATCH('/lm/v1/tenants/{tenantId}/webhooks/{webhookId}', {
                          ...path(tenantId, w.id),
                          body: { enabled: !w.enabled },
                        }),
                      ),
                    w.enabled ? 'Webhook disabled.' : 'Webhook enabled.',
                  ),
                { design: 'Transparent', accessibleName: `${w.enabled ? 'Disable' : 'Enable'} ${w.url}` },
              )
            : null,
          manage
            ? button('Delete', () => void remove(w), {
                design: 'Transparent',
                icon: 'delete',
                accessibleName: `Delete the webhook to ${w.url}`,
              })
            : null,
        ),
      ]),
    });
  }

  await reload();
  return page(
    {
      title: 'Webhooks',
      crumbs: lmCrumbs(tenant),
      actions: [h('ui5-link', { href: href(`/lm/${seg(tenantId)}`) }, 'Services and Systems')],
    },
    header,
    h(
      'p',
      { class: 'muted' },
      'Each event of the SAP Cloud ALM Service Key (uploaded, deleted, tested, turned red, deleted in BTP, ...) is POSTed to the URL, signed with the webhook’s secret (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature). Failed deliveries are retried for up to 24 hours.',
    ),
    messages,
    area,
  );
}

function addDialog(tenantId: string, eventTypes: readonly string[], reload: () => Promise<void>): void {
  const messages = h('div', { class: 'strips' });
  const url = h<Input>('ui5-input', {
    id: 'wh-url',
    required: true,
    accessibleName: 'URL',
    placeholder: 'https://hooks.example.com/calm-keys',
    maxlength: 2000,
  });
  const checks = eventTypes.map((t) => h<Check>('ui5-checkbox', { text: t }));
  const dialog: Dialog = openDialog({
    title: 'Add Webhook',
    initialFocus: 'wh-url',
    content: [
      h(
        'div',
        { class: 'form' },
        h('ui5-label', { for: 'wh-url', required: true }, 'URL'),
        url,
        h('ui5-label', {}, 'Events (none checked: all events)'),
        h('div', { class: 'stack', id: 'wh-events' }, ...checks),
      ),
      messages,
    ],
    footer: [
      button('Add', () => void submit(), { design: 'Emphasized', id: 'wh-submit' }),
      button('Cancel', () => (dialog.open = false), { design: 'Transparent' }),
    ],
  });

  async function submit(): Promise<void> {
    url.valueState = url.value.trim() ? 'None' : 'Negative';
    if (!url.value.trim()) {
      replace(messages, strip('Negative', 'Enter the URL the events are sent to.'));
      return;
    }
    try {
      const created = await answer(
        api.POST('/lm/v1/tenants/{tenantId}/webhooks', {
          params: { path: { tenantId } },
          body: { url: url.value.trim(), events: checks.filter((c) => c.checked).map((c) => c.text) },
        }),
      );
      dialog.open = false;
      secretDialog(created.secret);
      await reload();
    } catch (error) {
      replace(messages, errorStrip(error));
    }
  }
}

/** The signing secret, once: with Copy, and the reminder that it cannot be shown again. */
function secretDialog(secret: string): void {
  const field = h<Input>('ui5-input', {
    id: 'wh-secret',
    value: secret,
    readonly: true,
    accessibleName: 'Signing secret',
  });
  const dialog: Dialog = openDialog({
    title: 'Webhook Added',
    initialFocus: 'wh-copy',
    content: [
      strip(
        'Critical',
        'Copy the signing secret now: it is shown only once. The receiver verifies each delivery’s webhook-signature with it.',
      ),
      h('div', { class: 'form' }, h('ui5-label', { for: 'wh-secret' }, 'Signing Secret'), field),
    ],
    footer: [
      button(
        'Copy',
        () =>
          void navigator.clipboard.writeText(secret).then(
            () => toast('Secret copied.'),
            () => toast('Copying failed: select the secret and copy it.'),
          ),
        { design: 'Emphasized', icon: 'copy', id: 'wh-copy' },
      ),
      button('Close', () => (dialog.open = false), { design: 'Transparent', id: 'wh-close' }),
    ],
  });
}

type Attempt = Schemas['WebhookAttempt'];
const DELIVERY_WORD: Record<Attempt['deliveryStatus'], string> = {
  delivered: 'Delivered',
  failed: 'Failed',
  pending: 'Retrying',
};

function deliveriesTable(items: readonly Attempt[]): HTMLElement {
  return table({
    id: 'webhook-deliveries',
    accessibleName: 'Delivery log',
    noDataText: 'Nothing sent yet.',
    columns: [
      { header: 'Time', minWidth: '10rem' },
      { header: 'Event', minWidth: '9rem', importance: 6 },
      { header: 'Attempt', minWidth: '4rem', importance: 3 },
      { header: 'Status Code', minWidth: '5rem', importance: 8 },
      { header: 'Delivery', minWidth: '6rem', importance: 5 },
      { header: 'Error', minWidth: '10rem', importance: 4 },
    ],
    rows: items.map((i) => [
      formatDateTime(i.at),
      i.eventType,
      String(i.attempt),
      i.statusCode === null ? 'no answer' : String(i.statusCode),
      h(
        'ui5-tag',
        {
          design:
            i.deliveryStatus === 'delivered' ? 'Positive' : i.deliveryStatus === 'failed' ? 'Negative' : 'Critical',
        },
        DELIVERY_WORD[i.deliveryStatus],
      ),
      i.error ?? '',
    ]),
  });
}

async function deliveryLog(tenantId: string, w: Webhook): Promise<void> {
  const queued = h('div');
  const area = h('div');
  const messages = h('div', { class: 'strips' });
  let toolbar: TableToolbar<Attempt> | undefined;
  async function load(): Promise<void> {
    try {
      const log = await answer(
        api.GET('/lm/v1/tenants/{tenantId}/webhooks/{webhookId}/deliveries', {
          params: { path: { tenantId, webhookId: w.id }, query: { limit: 100 } },
        }),
      );
      replace(
        queued,
        log.queued.length > 0
          ? strip(
              'Information',
              `${log.queued.length} ${log.queued.length === 1 ? 'delivery waits' : 'deliveries wait'} for the next attempt (next at ${formatDateTime(log.queued[0]!.nextAttemptAt)}).`,
            )
          : null,
      );
      if (toolbar) toolbar.update(log.items);
      else {
        toolbar = await tableToolbar({
          id: 'deliveries',
          title: 'Attempts',
          level: 'H3',
          items: log.items,
          searchLabel: 'Search the delivery log by event, status code, delivery or error',
          searchText: (i) => [
            i.eventType,
            i.statusCode === null ? 'no answer' : String(i.statusCode),
            DELIVERY_WORD[i.deliveryStatus],
            i.error ?? undefined,
          ],
          sort: [
            { id: 'time', label: 'Time', value: (i) => i.at },
            { id: 'event', label: 'Event', value: (i) => i.eventType },
            { id: 'status', label: 'Status Code', value: (i) => i.statusCode ?? undefined },
            { id: 'delivery', label: 'Delivery', value: (i) => DELIVERY_WORD[i.deliveryStatus] },
          ],
          initialSort: { column: 'time', descending: true },
          render: deliveriesTable,
          empty: { title: 'Nothing sent yet', subtitle: 'Events of the service key are sent as they happen.' },
        });
        replace(area, toolbar.element);
      }
    } catch (error) {
      replace(messages, errorStrip(error));
    }
  }
  await load();
  const dialog: Dialog = openDialog({
    title: `Delivery Log: ${w.url}`,
    content: [messages, queued, area],
    footer: [
      button('Refresh', () => void load(), { icon: 'refresh', id: 'wh-log-refresh' }),
      button('Close', () => (dialog.open = false), { design: 'Transparent' }),
    ],
  });
}
