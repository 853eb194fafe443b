/**
 * The delete dialog with the key's blast radius, and the *Recently deleted* section with Restore (issue 17).
 * The dialog shows who used the key recently (managed services and systems that pushed with it, the last token,
 * calls by client address in the last 7 days) and, for a key used in the last 24 hours, needs the checkbox
 * before Delete is enabled (the server refuses such a delete without `confirm=recently-used` anyway). Restore
 * is offered only where the server offers an upload (an empty slot, the Security Administrator).
 */
import { answer, api, type Schemas } from '../api';
import { h, replace } from '../dom';
import { t } from '../i18n';
import { button, errorStrip, openDialog, strip, table, toast } from '../ui/kit';
import { formatDateTime } from '../ui/date-time';
import { tableToolbar, type TableToolbar } from '../ui/table-toolbar';

type SlotView = Schemas['SlotView'];
type BlastRadius = Schemas['BlastRadius'];
type DeletedKeyList = Schemas['DeletedKeyList'];
type DeletedKey = DeletedKeyList['items'][number];

const SLOT = '/lm/v1/tenants/{tenantId}/service-key';
const RADIUS = '/lm/v1/tenants/{tenantId}/service-key/blast-radius';
const DELETED = '/lm/v1/tenants/{tenantId}/service-key/deleted';
const RESTORE = '/lm/v1/tenants/{tenantId}/service-key/restore';

function radiusContent(r: BlastRadius): HTMLElement {
  return h(
    'div',
    { class: 'stack', id: 'blast-radius' },
    h('strong', {}, t('lmDelete.whoUsed')),
    r.pushes.length
      ? h(
          'ul',
          { id: 'blast-pushes' },
          ...r.pushes.map((p) => h('li', {}, t('lmDelete.pushedWith', p.name, p.kind, formatDateTime(p.at)))),
        )
      : h('span', { class: 'muted' }, t('lmDelete.noPush')),
    h(
      'span',
      { id: 'blast-token' },
      r.lastTokenAt ? t('lmDelete.lastToken', formatDateTime(r.lastTokenAt)) : t('lmDelete.noToken'),
    ),
    r.calls.length
      ? table({
          id: 'blast-calls',
          accessibleName: t('lmDelete.callsName', r.callWindowDays),
          noDataText: t('lmDelete.noCalls'),
          columns: [
            { header: t('lmDelete.clientAddress'), minWidth: '8rem', importance: 10 },
            { header: t('lmDelete.tokenRequests'), minWidth: '6rem', importance: 8 },
            { header: t('lmDelete.apiCalls'), minWidth: '6rem', importance: 8 },
            { header: t('lmDelete.testCalls'), minWidth: '5rem', importance: 4 },
            { header: t('lmDelete.lastCall'), minWidth: '9rem', importance: 9 },
          ],
          rows: r.calls.map((c) => [
            h('code', {}, c.address),
            String(c.tokenRequests),
            String(c.apiCalls),
            String(c.testCalls),
            formatDateTime(c.lastAt),
          ]),
        })
      : h('span', { class: 'muted' }, t('lmDelete.noCallsDays', r.callWindowDays)),
    r.recentUse
      ? strip(
          'Critical',
          h(
            'span',
            { id: 'blast-recent' },
            t('lmDelete.recentUse', r.recentUse.detail, formatDateTime(r.recentUse.at)),
          ),
        )
      : h(
          'span',
          { class: 'muted', id: 'blast-recent' },
          "Not used in the last 24 hours (calm-keys' own Tests aside).",
        ),
  );
}

/** Asks with the blast radius, deletes on confirmation; resolves true when the key was deleted. */
export async function deleteKeyDialog(tenantId: string, v: SlotView): Promise<boolean> {
  const params = { path: { tenantId } };
  let radius: BlastRadius | undefined;
  let loadError: unknown;
  try {
    radius = await answer(api.GET(RADIUS, { params }));
  } catch (error) {
    loadError = error;
  }
  return new Promise((resolve) => {
    let done = false;
    const finish = (deleted: boolean) => {
      if (done) return;
      done = true;
      resolve(deleted);
      dialog.open = false;
    };
    const needsConfirmation = radius?.needsConfirmation === true;
    const errors = h('div', { class: 'strips', attrs: { 'aria-live': 'polite' } });
    const ok = button(t('lmDelete.delete'), () => void run(), {
      design: 'Negative',
      id: 'confirm-ok',
      disabled: needsConfirmation,
    }) as HTMLElement & { disabled: boolean; loading?: boolean };
    const check = needsConfirmation
      ? h<HTMLElement & { checked: boolean }>('ui5-checkbox', {
          id: 'confirm-recently-used',
          text: t('lmDelete.confirmRecent'),
          wrappingType: 'Normal',
          on: { change: () => (ok.disabled = !check!.checked) },
        })
      : null;
    async function run(): Promise<void> {
      ok.disabled = true;
      try {
        const query = {
          ...(v.key ? { keyId: v.key.id } : {}),
          ...(check?.checked ? { confirm: 'recently-used' as const } : {}),
        };
        await answer(api.DELETE(SLOT, { params: { ...params, query } }));
        finish(true);
      } catch (error) {
        replace(errors, errorStrip(error));
        ok.disabled = needsConfirmation && !check?.checked;
      }
    }
    const dialog = openDialog({
      title: t('lmDelete.title'),
      state: 'Critical',
      initialFocus: 'confirm-cancel',
      content: [
        h('p', {}, t('lmDelete.question', v.key?.name ?? '', v.tenantName)),
        h('p', {}, t('lmDelete.onlyCopy')),
        radius ? radiusContent(radius) : errorStrip(loadError),
        check,
        errors,
      ],
      footer: [ok, button(t('lmDelete.cancel'), () => finish(false), { design: 'Transparent', id: 'confirm-cancel' })],
    });
    dialog.addEventListener('close', () => finish(false));
  });
}

/** The Recently deleted panel; `reload(view)` after every change of the slot. */
export function recentlyDeletedSection(
  tenantId: string,
  onRestored: () => Promise<void>,
): { element: HTMLElement; reload(view: SlotView): Promise<void> } {
  const params = { path: { tenantId } };
  const content = h('div', { class: 'stack' });
  const element = h(
    'ui5-panel',
    { fixed: true, accessibleRole: 'Region', accessibleName: t('lmDelete.recentlyDeleted'), id: 'recently-deleted' },
    h(
      'div',
      { slot: 'header', class: 'toolbar panel-header' },
      h('h2', { class: 'section-title grow' }, t('lmDelete.recentlyDeleted')),
    ),
    content,
  );

  async function restore(id: string): Promise<void> {
    try {
      const restored = await answer(api.POST(RESTORE, { params: { ...params, query: { id } } }));
      toast(`Service key ${restored.name} restored.`);
      await onRestored();
    } catch (error) {
      replace(content, errorStrip(error));
    }
  }

  const retention = h('div');
  const area = h('div');
  let toolbar: TableToolbar<DeletedKey> | undefined;
  let mayRestore = false;
  let retentionDays = 0;

  function deletedTable(items: readonly DeletedKey[]): HTMLElement {
    return table({
      id: 'deleted-keys',
      accessibleName: t('lmDelete.recentlyDeletedName'),
      noDataText: t('lmDelete.noneDeleted', retentionDays),
      columns: [
        { header: t('lmDelete.name'), minWidth: '8rem', importance: 10 },
        { header: t('lmDelete.clientId'), minWidth: '10rem', importance: 6 },
        { header: t('lmDelete.deleted'), minWidth: '9rem', importance: 9 },
        { header: t('lmDelete.by'), minWidth: '6rem', importance: 5 },
        { header: t('lmDelete.purgedAfter'), minWidth: '9rem', importance: 4 },
        { header: t('lmDelete.actions'), minWidth: '6rem', importance: 8 },
      ],
      rows: items.map((k) => [
        k.name,
        h('code', {}, k.clientId),
        formatDateTime(k.deletedAt),
        k.deletedBy,
        formatDateTime(k.purgeAfter),
        mayRestore
          ? button(t('lmDelete.restore'), () => void restore(k.id), { design: 'Transparent', id: `restore-${k.id}` })
          : '—',
      ]),
    });
  }

  async function reload(view: SlotView): Promise<void> {
    let list: DeletedKeyList;
    try {
      list = await answer(api.GET(DELETED, { params }));
    } catch (error) {
      toolbar = undefined;
      replace(content, errorStrip(error));
      return;
    }
    // restoring fills the slot: offered where an upload is (an empty slot, the right role), not while a manual
    // rotation waits for its new key in a filled slot
    mayRestore = view.slot === 'empty' && view.actions.upload;
    retentionDays = list.retentionDays;
    replace(retention, h('span', { class: 'muted' }, t('lmDelete.retention', list.retentionDays)));
    if (toolbar) toolbar.update(list.items);
    else {
      toolbar = await tableToolbar({
        id: 'deleted-keys-list',
        title: t('lmDelete.deletedKeys'),
        level: 'H3',
        items: list.items,
        searchLabel: t('lmDelete.searchLabel'),
        searchText: (k) => [k.name, k.clientId, k.deletedBy],
        sort: [
          { id: 'deleted', label: t('lmDelete.deleted'), value: (k) => k.deletedAt },
          { id: 'name', label: t('lmDelete.name'), value: (k) => k.name },
          { id: 'by', label: t('lmDelete.by'), value: (k) => k.deletedBy },
        ],
        initialSort: { column: 'deleted', descending: true },
        render: deletedTable,
        empty: {
          title: t('lmDelete.noDeletedTitle'),
          subtitle: t('lmDelete.noneWasDeleted', list.retentionDays),
        },
      });
      replace(area, toolbar.element);
      replace(content, retention, area);
    }
  }

  return { element, reload };
}
