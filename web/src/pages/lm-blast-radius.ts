/**
 * The delete dialog with the key's blast radius, and the *Recently deleted* section with Restore (issue 17).
 * The dialog shows who used the key recently (managed services and systems that pushed with it, the last token,
 * calls by client address in the last 7 days) and, for a key used in the last 24 hours, needs the checkbox
 * before Delete is enabled (the server refuses such a delete without `confirm=recently-used` anyway). Restore
 * is offered only where the server offers an upload (an empty slot, the Security Administrator).
 */
import { answer, api, type Schemas } from '../api';
import { h, replace } from '../dom';
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
    h('strong', {}, 'Who used this key recently'),
    r.pushes.length
      ? h(
          'ul',
          { id: 'blast-pushes' },
          ...r.pushes.map((p) => h('li', {}, `${p.name} (${p.kind}) pushed with it, last ${formatDateTime(p.at)}`)),
        )
      : h('span', { class: 'muted' }, 'No managed service or system pushed with it.'),
    h(
      'span',
      { id: 'blast-token' },
      r.lastTokenAt ? `Last token issued: ${formatDateTime(r.lastTokenAt)}` : 'No token issued for it recorded.',
    ),
    r.calls.length
      ? table({
          id: 'blast-calls',
          accessibleName: `Calls in the last ${r.callWindowDays} days by client address`,
          noDataText: 'No calls.',
          columns: [
            { header: 'Client address', minWidth: '8rem', importance: 10 },
            { header: 'Token requests', minWidth: '6rem', importance: 8 },
            { header: 'API calls', minWidth: '6rem', importance: 8 },
            { header: 'Test calls', minWidth: '5rem', importance: 4 },
            { header: 'Last call', minWidth: '9rem', importance: 9 },
          ],
          rows: r.calls.map((c) => [
            h('code', {}, c.address),
            String(c.tokenRequests),
            String(c.apiCalls),
            String(c.testCalls),
            formatDateTime(c.lastAt),
          ]),
        })
      : h('span', { class: 'muted' }, `No calls with its client id in the last ${r.callWindowDays} days.`),
    r.recentUse
      ? strip(
          'Critical',
          h(
            'span',
            { id: 'blast-recent' },
            `Used in the last 24 hours: ${r.recentUse.detail} at ${formatDateTime(r.recentUse.at)}. Deleting it breaks that caller.`,
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
    const ok = button('Delete', () => void run(), {
      design: 'Negative',
      id: 'confirm-ok',
      disabled: needsConfirmation,
    }) as HTMLElement & { disabled: boolean; loading?: boolean };
    const check = needsConfirmation
      ? h<HTMLElement & { checked: boolean }>('ui5-checkbox', {
          id: 'confirm-recently-used',
          text: 'I know this key was used in the last 24 hours; delete it anyway',
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
      title: 'Delete Service Key',
      state: 'Critical',
      initialFocus: 'confirm-cancel',
      content: [
        h(
          'p',
          {},
          'Delete the service key ',
          h('strong', {}, v.key?.name ?? ''),
          ' from Landscape Management of tenant ',
          h('strong', {}, v.tenantName),
          '?',
        ),
        h(
          'p',
          {},
          'Only this copy is deleted; the service key in SAP BTP stays. Managed services set up with it keep their own copy. You can restore it from Recently deleted for a while.',
        ),
        radius ? radiusContent(radius) : errorStrip(loadError),
        check,
        errors,
      ],
      footer: [ok, button('Cancel', () => finish(false), { design: 'Transparent', id: 'confirm-cancel' })],
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
    { fixed: true, accessibleRole: 'Region', accessibleName: 'Recently deleted', id: 'recently-deleted' },
    h(
      'div',
      { slot: 'header', class: 'toolbar panel-header' },
      h('h2', { class: 'section-title grow' }, 'Recently deleted'),
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
      accessibleName: 'Recently deleted service keys',
      noDataText: `No key deleted in the last ${retentionDays} days.`,
      columns: [
        { header: 'Name', minWidth: '8rem', importance: 10 },
        { header: 'Client ID', minWidth: '10rem', importance: 6 },
        { header: 'Deleted', minWidth: '9rem', importance: 9 },
        { header: 'By', minWidth: '6rem', importance: 5 },
        { header: 'Purged after', minWidth: '9rem', importance: 4 },
        { header: 'Actions', minWidth: '6rem', importance: 8 },
      ],
      rows: items.map((k) => [
        k.name,
        h('code', {}, k.clientId),
        formatDateTime(k.deletedAt),
        k.deletedBy,
        formatDateTime(k.purgeAfter),
        mayRestore
          ? button('Restore', () => void restore(k.id), { design: 'Transparent', id: `restore-${k.id}` })
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
    replace(
      retention,
      h(
        'span',
        { class: 'muted' },
        `Deleted keys stay restorable for ${list.retentionDays} days, then they are purged.`,
      ),
    );
    if (toolbar) toolbar.update(list.items);
    else {
      toolbar = await tableToolbar({
        id: 'deleted-keys-list',
        title: 'Deleted Keys',
        level: 'H3',
        items: list.items,
        searchLabel: 'Search the deleted keys by name, client ID or who deleted them',
        searchText: (k) => [k.name, k.clientId, k.deletedBy],
        sort: [
          { id: 'deleted', label: 'Deleted', value: (k) => k.deletedAt },
          { id: 'name', label: 'Name', value: (k) => k.name },
          { id: 'by', label: 'By', value: (k) => k.deletedBy },
        ],
        initialSort: { column: 'deleted', descending: true },
        render: deletedTable,
        empty: {
          title: 'No deleted keys',
          subtitle: `No key was deleted in the last ${list.retentionDays} days.`,
        },
      });
      replace(area, toolbar.element);
      replace(content, retention, area);
    }
  }

  return { element, reload };
}
