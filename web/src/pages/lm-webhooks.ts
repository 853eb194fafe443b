/**
 * Landscape Management: the webhooks of a tenant (a calm-keys extension): the events of the SAP Cloud ALM
 * Service Key slot POSTed to a URL, signed as the Standard Webhooks specification says. A Security Viewer sees
 * the subscriptions and their delivery log; a Security Administrator adds them (the signing secret is shown once,
 * with Copy), sends a test event, enables, disables and deletes them. The server's `actions` decide what is offered.
 */
import { answer, api, seg, type Schemas } from '../api';
import { h, replace } from '../dom';
import { plural, t, type TextKey } from '../i18n';
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
const eventsText = (w: Webhook) => (w.events.length === 0 ? t('lmWebhooks.allEvents') : w.events.join(', '));

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
              label: t('lmWebhooks.factEnabled'),
              value: h(
                'span',
                { class: 'count', id: 'fact-enabled-webhooks' },
                String(list.items.filter((w) => w.enabled).length),
              ),
            },
            {
              label: t('lmWebhooks.factFailing'),
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
          title: t('lmWebhooks.title'),
          items: list.items,
          searchLabel: t('lmWebhooks.searchLabel'),
          searchText: (w) => [
            w.url,
            eventsText(w),
            w.createdBy,
            w.enabled ? t('lmWebhooks.enabled') : t('lmWebhooks.disabled'),
          ],
          sort: [
            { id: 'url', label: t('lmWebhooks.url'), value: (w) => w.url },
            { id: 'enabled', label: t('lmWebhooks.enabled'), value: (w) => (w.enabled ? 0 : 1) },
            { id: 'lastAttempt', label: t('lmWebhooks.lastAttempt'), value: (w) => w.lastAttempt?.at },
          ],
          actions: [
            list.actions.manage
              ? button(t('lmWebhooks.add'), () => addDialog(tenantId, data?.eventTypes ?? [], reload), {
                  icon: 'add',
                  id: 'add-webhook',
                  accessibleName: t('lmWebhooks.addName'),
                })
              : null,
          ],
          render: (items) => webhooksTable(items),
          empty: list.actions.manage
            ? { title: t('lmWebhooks.emptyTitle'), subtitle: t('lmWebhooks.emptyManage') }
            : { title: t('lmWebhooks.emptyTitle'), subtitle: t('lmWebhooks.emptyView') },
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
      title: t('lmWebhooks.deleteTitle'),
      text: [t('lmWebhooks.deleteText', w.url)],
      confirmText: t('lmWebhooks.delete'),
    });
    if (ok)
      await act(
        () => answer(api.DELETE('/lm/v1/tenants/{tenantId}/webhooks/{webhookId}', path(tenantId, w.id))),
        t('lmWebhooks.deleted'),
      );
  }

  function webhooksTable(items: readonly Webhook[]): HTMLElement {
    const manage = data?.actions.manage ?? false;
    return table({
      id: 'webhooks',
      accessibleName: t('lmWebhooks.title'),
      noDataText: manage ? t('lmWebhooks.noDataManage') : t('lmWebhooks.noData'),
      columns: [
        { header: t('lmWebhooks.url'), minWidth: '14rem', importance: 10 },
        { header: t('lmWebhooks.events'), minWidth: '10rem', importance: 4 },
        { header: t('lmWebhooks.enabled'), minWidth: '5rem', importance: 6 },
        { header: t('lmWebhooks.lastAttempt'), minWidth: '10rem', importance: 5 },
        { header: '', minWidth: '16rem' },
      ],
      rows: items.map((w) => [
        h(
          'div',
          { class: 'stack' },
          h('strong', {}, w.url),
          h('span', { class: 'muted' }, t('lmWebhooks.addedBy', w.createdBy)),
        ),
        eventsText(w),
        w.enabled ? t('lmWebhooks.yes') : t('lmWebhooks.no'),
        w.lastAttempt
          ? `${formatDateTime(w.lastAttempt.at)} · ${w.lastAttempt.statusCode ?? t('lmWebhooks.noAnswer')}`
          : t('lmWebhooks.notSent'),
        h(
          'div',
          { class: 'row' },
          button(t('lmWebhooks.deliveryLog'), () => void deliveryLog(tenantId, w), {
            design: 'Transparent',
            icon: 'log',
            accessibleName: t('lmWebhooks.logOf', w.url),
          }),
          manage && w.enabled
            ? button(
                t('lmWebhooks.sendTest'),
                () =>
                  void act(
                    () => answer(api.POST('/lm/v1/tenants/{tenantId}/webhooks/{webhookId}/test', path(tenantId, w.id))),
                    t('lmWebhooks.testQueued'),
                  ),
                { design: 'Transparent', icon: 'paper-plane', accessibleName: t('lmWebhooks.sendTestTo', w.url) },
              )
            : null,
          manage
            ? button(
                w.enabled ? t('lmWebhooks.disable') : t('lmWebhooks.enable'),
                () =>
                  void act(
                    () =>
                      answer(
                        api.PATCH('/lm/v1/tenants/{tenantId}/webhooks/{webhookId}', {
                          ...path(tenantId, w.id),
                          body: { enabled: !w.enabled },
                        }),
                      ),
                    w.enabled ? t('lmWebhooks.disabledToast') : t('lmWebhooks.enabledToast'),
                  ),
                {
                  design: 'Transparent',
                  accessibleName: t(w.enabled ? 'lmWebhooks.disableUrl' : 'lmWebhooks.enableUrl', w.url),
                },
              )
            : null,
          manage
            ? button(t('lmWebhooks.delete'), () => void remove(w), {
                design: 'Transparent',
                icon: 'delete',
                accessibleName: t('lmWebhooks.deleteUrl', w.url),
              })
            : null,
        ),
      ]),
    });
  }

  await reload();
  return page(
    {
      title: t('lmWebhooks.title'),
      crumbs: lmCrumbs(tenant),
      actions: [h('ui5-link', { href: href(`/lm/${seg(tenantId)}`) }, t('lmWebhooks.servicesAndSystems'))],
    },
    header,
    h('p', { class: 'muted' }, t('lmWebhooks.intro')),
    messages,
    area,
  );
}

function addDialog(tenantId: string, eventTypes: readonly string[], reload: () => Promise<void>): void {
  const messages = h('div', { class: 'strips' });
  const url = h<Input>('ui5-input', {
    id: 'wh-url',
    required: true,
    accessibleName: t('lmWebhooks.url'),
    placeholder: 'https://hooks.example.com/calm-keys',
    maxlength: 2000,
  });
  const checks = eventTypes.map((t) => h<Check>('ui5-checkbox', { text: t }));
  const dialog: Dialog = openDialog({
    title: t('lmWebhooks.addTitle'),
    initialFocus: 'wh-url',
    content: [
      h(
        'div',
        { class: 'form' },
        h('ui5-label', { for: 'wh-url', required: true }, t('lmWebhooks.url')),
        url,
        h('ui5-label', {}, t('lmWebhooks.eventsLabel')),
        h('div', { class: 'stack', id: 'wh-events' }, ...checks),
      ),
      messages,
    ],
    footer: [
      button(t('lmWebhooks.add'), () => void submit(), { design: 'Emphasized', id: 'wh-submit' }),
      button(t('lmWebhooks.cancel'), () => (dialog.open = false), { design: 'Transparent' }),
    ],
  });

  async function submit(): Promise<void> {
    url.valueState = url.value.trim() ? 'None' : 'Negative';
    if (!url.value.trim()) {
      replace(messages, strip('Negative', t('lmWebhooks.enterUrl')));
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
    accessibleName: t('lmWebhooks.secretName'),
  });
  const dialog: Dialog = openDialog({
    title: t('lmWebhooks.addedTitle'),
    initialFocus: 'wh-copy',
    content: [
      strip('Critical', t('lmWebhooks.copyNow')),
      h('div', { class: 'form' }, h('ui5-label', { for: 'wh-secret' }, t('lmWebhooks.secretLabel')), field),
    ],
    footer: [
      button(
        t('lmWebhooks.copy'),
        () =>
          void navigator.clipboard.writeText(secret).then(
            () => toast(t('lmWebhooks.copied')),
            () => toast(t('lmWebhooks.copyFailed')),
          ),
        { design: 'Emphasized', icon: 'copy', id: 'wh-copy' },
      ),
      button(t('lmWebhooks.close'), () => (dialog.open = false), { design: 'Transparent', id: 'wh-close' }),
    ],
  });
}

type Attempt = Schemas['WebhookAttempt'];
const DELIVERY_KEYS: Record<Attempt['deliveryStatus'], TextKey> = {
  delivered: 'lmWebhooks.delivered',
  failed: 'lmWebhooks.failed',
  pending: 'lmWebhooks.retrying',
};
const deliveryWord = (status: Attempt['deliveryStatus']): string => t(DELIVERY_KEYS[status]);

function deliveriesTable(items: readonly Attempt[]): HTMLElement {
  return table({
    id: 'webhook-deliveries',
    accessibleName: t('lmWebhooks.logName'),
    noDataText: t('lmWebhooks.nothingSent'),
    columns: [
      { header: t('lmWebhooks.time'), minWidth: '10rem' },
      { header: t('lmWebhooks.event'), minWidth: '9rem', importance: 6 },
      { header: t('lmWebhooks.attempt'), minWidth: '4rem', importance: 3 },
      { header: t('lmWebhooks.statusCode'), minWidth: '5rem', importance: 8 },
      { header: t('lmWebhooks.delivery'), minWidth: '6rem', importance: 5 },
      { header: t('lmWebhooks.error'), minWidth: '10rem', importance: 4 },
    ],
    rows: items.map((i) => [
      formatDateTime(i.at),
      i.eventType,
      String(i.attempt),
      i.statusCode === null ? t('lmWebhooks.noAnswer') : String(i.statusCode),
      h(
        'ui5-tag',
        {
          design:
            i.deliveryStatus === 'delivered' ? 'Positive' : i.deliveryStatus === 'failed' ? 'Negative' : 'Critical',
        },
        deliveryWord(i.deliveryStatus),
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
              plural(
                log.queued.length,
                'lmWebhooks.queuedOne',
                'lmWebhooks.queuedMany',
                formatDateTime(log.queued[0]!.nextAttemptAt),
              ),
            )
          : null,
      );
      if (toolbar) toolbar.update(log.items);
      else {
        toolbar = await tableToolbar({
          id: 'deliveries',
          title: t('lmWebhooks.attempts'),
          level: 'H3',
          items: log.items,
          searchLabel: t('lmWebhooks.logSearch'),
          searchText: (i) => [
            i.eventType,
            i.statusCode === null ? t('lmWebhooks.noAnswer') : String(i.statusCode),
            deliveryWord(i.deliveryStatus),
            i.error ?? undefined,
          ],
          sort: [
            { id: 'time', label: t('lmWebhooks.time'), value: (i) => i.at },
            { id: 'event', label: t('lmWebhooks.event'), value: (i) => i.eventType },
            { id: 'status', label: t('lmWebhooks.statusCode'), value: (i) => i.statusCode ?? undefined },
            { id: 'delivery', label: t('lmWebhooks.delivery'), value: (i) => deliveryWord(i.deliveryStatus) },
          ],
          initialSort: { column: 'time', descending: true },
          render: deliveriesTable,
          empty: { title: t('lmWebhooks.nothingSentTitle'), subtitle: t('lmWebhooks.nothingSentSubtitle') },
        });
        replace(area, toolbar.element);
      }
    } catch (error) {
      replace(messages, errorStrip(error));
    }
  }
  await load();
  const dialog: Dialog = openDialog({
    title: t('lmWebhooks.logTitle', w.url),
    content: [messages, queued, area],
    footer: [
      button(t('lmWebhooks.refresh'), () => void load(), { icon: 'refresh', id: 'wh-log-refresh' }),
      button(t('lmWebhooks.close'), () => (dialog.open = false), { design: 'Transparent' }),
    ],
  });
}
