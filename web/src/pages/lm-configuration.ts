/**
 * Landscape Management > configuration (gear) > SAP Cloud ALM Service Key, as SAP shows it: a table
 * Name | Status | Actions with display (eyeglasses), download, delete (wastebasket) and Test Service Key, and
 * `+` to upload while the slot is empty. Only the actions the server lists in `actions` are offered.
 */
import { answer, api, download, downloadPath, seg, type Schemas } from '../api';
import { href } from '../router';
import { h, replace, type Child } from '../dom';
import { formatDateTime, pretty } from '../ui/format';
import {
  button,
  errorStrip,
  iconButton,
  openDialog,
  page,
  problems,
  strip,
  table,
  toast,
  type Dialog,
} from '../ui/kit';
import { currentTenant, lmCrumbs, statusBadge } from './lm-common';
import { uploadDialog } from './lm-upload';
import { testHistorySection } from './lm-test-history';
import { rotationSection } from './lm-rotation';
import { deleteKeyDialog, recentlyDeletedSection } from './lm-blast-radius';
import { expiryStrip } from './certificate-expiry';

type SlotView = Schemas['SlotView'];
type SlotKey = Schemas['SlotKeyView'];
type KeyTestOutcome = Schemas['KeyTestOutcome'];

const SLOT = '/lm/v1/tenants/{tenantId}/service-key';
const DOWNLOAD = '/lm/v1/tenants/{tenantId}/service-key/download';

const HELP: readonly Child[] = [
  h('strong', {}, 'One service key per tenant.'),
  h(
    'ul',
    {},
    h(
      'li',
      {},
      'Upload the key that your managed services and systems use regularly to connect to SAP Cloud ALM, for example for the monitoring setup or transport management. The same key may serve all managed services for the same purpose.',
    ),
    h(
      'li',
      {},
      'Do not upload one-use keys created for a single service, or keys for API calls such as the Analytics API.',
    ),
    h(
      'li',
      {},
      'Deleting the key or its instance in the SAP BTP cockpit does not delete this copy: delete it here too.',
    ),
  ),
];

export async function configurationPage(tenantId: string): Promise<HTMLElement> {
  const tenant = await currentTenant(tenantId);
  const params = { path: { tenantId } };
  const body = h('div');
  const messages = h('div', { class: 'strips', attrs: { 'aria-live': 'polite' }, id: 'key-messages' });
  const headerActions = h('div', { class: 'row' });
  const detailsArea = h('div');
  const history = testHistorySection(tenantId);
  const rotation = rotationSection(tenantId, () => reload());
  const recentlyDeleted = recentlyDeletedSection(tenantId, () => reload('test-key'));
  let view: SlotView;

  async function reload(focus?: string): Promise<void> {
    view = await answer(api.GET(SLOT, { params }));
    replace(
      headerActions,
      view.actions.upload
        ? iconButton('add', 'Upload service key', () => openUpload(), { id: 'upload-key', design: 'Transparent' })
        : null,
    );
    replace(body, ...sectionContent(view));
    replace(detailsArea, view.key ? details(view.key) : null);
    // the focus moves as soon as its target is on the page, not after the sections below have loaded: a keyboard
    // user pressing Enter right after an upload must reach Test Service Key
    if (focus) document.getElementById(focus)?.focus();
    await history.reload();
    await rotation.reload();
    await recentlyDeleted.reload(view);
  }

  function openUpload(): void {
    uploadDialog({
      tenantId,
      tenantName: view.tenantName,
      identityZone: view.identityZone,
      onUploaded: async (warnings) => {
        toast('Service key uploaded.');
        replace(
          messages,
          warnings.length
            ? strip('Critical', h('div', { class: 'stack' }, 'Uploaded with warnings:', problems(warnings)))
            : null,
        );
        await reload('test-key');
      },
    });
  }

  function sectionContent(v: SlotView): Child[] {
    const key = v.key;
    const rows = key ? [[nameCell(key), statusCell(key), actionsCell(v)]] : [];
    return [
      key?.deletedInBtp
        ? strip(
            'Negative',
            h(
              'div',
              { class: 'stack', id: 'deleted-in-btp' },
              h('strong', {}, 'Deleted in BTP'),
              key.deletedInBtp.message,
            ),
          )
        : null,
      v.rotation
        ? strip(
            'Information',
            h(
              'div',
              { class: 'stack', id: 'slot-rotation' },
              h('strong', {}, v.rotation.pending ? 'Pending key (staged rotation)' : 'Previous key (staged rotation)'),
              v.rotation.pending
                ? `Client id ${v.rotation.pending.clientId}, Test ${v.rotation.pending.status}. The key below stays current (and is what Download gives) until promotion.`
                : v.rotation.previous
                  ? `The previous key (client id ${v.rotation.previous.clientId}) keeps working until ${formatDateTime(v.rotation.previous.until ?? '')}.`
                  : 'A rotation is running.',
              h('span', { class: 'muted' }, v.rotation.note),
            ),
          )
        : null,
      key && key.warnings.length
        ? strip('Critical', h('div', { class: 'stack' }, 'Format-check warnings:', problems(key.warnings)))
        : null,
      // the key's X.509 certificate within 30 days of its end, or past it (issue 17)
      key?.certificateExpiry ? expiryStrip(key.certificateExpiry, 'certificate-expiry') : null,
      table({
        id: 'service-key-table',
        accessibleName: 'SAP Cloud ALM Service Key',
        noDataText: v.actions.upload
          ? 'No service key uploaded. Upload one with + (Upload service key).'
          : 'No service key uploaded.',
        columns: [
          { header: 'Name', minWidth: '9rem', importance: 10 },
          { header: 'Status', minWidth: '12rem', importance: 8 },
          { header: 'Actions', minWidth: '12rem', importance: 9 },
        ],
        rows,
      }),
    ];
  }

  function nameCell(key: SlotKey): HTMLElement {
    return h(
      'div',
      { class: 'stack' },
      h('strong', { id: 'key-name' }, key.name),
      h(
        'span',
        { class: 'muted' },
        key.source === 'provisioned'
          ? 'placed by provisioning'
          : `uploaded${key.fileName ? ` from ${key.fileName}` : ''}`,
      ),
      h('span', { class: 'muted' }, `${key.uploadedBy}, ${formatDateTime(key.uploadedAt)}`),
    );
  }

  function statusCell(key: SlotKey): HTMLElement {
    return h(
      'div',
      { class: 'stack' },
      h(
        'div',
        { class: 'row' },
        statusBadge(key.status.value, 'key-status'),
        key.deletedInBtp ? h('ui5-tag', { design: 'Negative', id: 'deleted-flag' }, 'Deleted in BTP') : null,
      ),
      key.status.reason ? h('span', { class: 'muted', id: 'key-status-reason' }, key.status.reason) : null,
      key.status.at ? h('span', { class: 'muted' }, `as of ${formatDateTime(key.status.at)}`) : null,
    );
  }

  function actionsCell(v: SlotView): HTMLElement {
    const a = v.actions;
    return h(
      'div',
      { class: 'key-actions' },
      a.view ? iconButton('display', 'Display service key', () => displayDialog(v), { id: 'display-key' }) : null,
      a.download
        ? iconButton('download', 'Download service key', () => download(downloadPath(DOWNLOAD, { tenantId })), {
            id: 'download-key',
          })
        : null,
      a.delete ? iconButton('delete', 'Delete service key', () => void remove(v), { id: 'delete-key' }) : null,
      a.test
        ? button('Test Service Key', () => void test(), { id: 'test-key', design: 'Transparent', icon: 'lab' })
        : null,
    );
  }

  function details(key: SlotKey): HTMLElement {
    const use = key.observedUse;
    return h(
      'div',
      { class: 'stack section' },
      h('span', {}, h('span', { class: 'muted' }, 'Client ID: '), h('code', {}, key.summary.clientId)),
      h('span', {}, h('span', { class: 'muted' }, 'Credential type: '), key.summary.credentialType),
      h(
        'span',
        {},
        h('span', { class: 'muted' }, 'Last token issued for this key: '),
        use.lastTokenAt ? formatDateTime(use.lastTokenAt) : 'none seen',
      ),
      h(
        'span',
        {},
        h('span', { class: 'muted' }, 'Last push with it: '),
        use.lastPush ? `${formatDateTime(use.lastPush.at)} (${use.lastPush.to})` : 'none seen',
      ),
      key.lastTest
        ? h(
            'span',
            {},
            h('span', { class: 'muted' }, 'Last test: '),
            `${formatDateTime(key.lastTest.at)} by ${key.lastTest.by}: ${key.lastTest.result.summary}`,
          )
        : null,
    );
  }

  async function test(): Promise<void> {
    const testButton = document.getElementById('test-key') as (HTMLElement & { loading: boolean }) | null;
    if (testButton) testButton.loading = true;
    try {
      const outcome = await answer(api.POST('/lm/v1/tenants/{tenantId}/service-key/test', { params }));
      replace(messages, testMessage(outcome));
      await reload('test-key');
    } catch (error) {
      replace(messages, errorStrip(error));
    } finally {
      const again = document.getElementById('test-key') as (HTMLElement & { loading: boolean }) | null;
      if (again) again.loading = false;
    }
  }

  async function remove(v: SlotView): Promise<void> {
    // the dialog shows the blast radius and, for a key used in the last 24 h, needs an explicit confirmation
    if (!(await deleteKeyDialog(tenantId, v))) return;
    toast('Service key deleted.');
    replace(messages);
    await reload('upload-key');
  }

  await reload();
  const panel = h(
    'ui5-panel',
    { fixed: true, accessibleRole: 'Region', accessibleName: 'SAP Cloud ALM Service Key' },
    h(
      'div',
      { slot: 'header', class: 'toolbar panel-header' },
      h('h2', { class: 'section-title grow', id: 'key-section-title' }, 'SAP Cloud ALM Service Key'),
      headerActions,
    ),
    h('div', { class: 'strips help' }, strip('Information', h('div', {}, ...HELP))),
    body,
    messages,
    detailsArea,
  );
  return page(
    {
      title: 'Configuration',
      crumbs: lmCrumbs(tenant),
      subtitle: `Landscape Management of tenant ${tenant.name} · identity zone ${tenant.identityZone}`,
      // the key's events, POSTed to a receiver (lm-webhooks.ts)
      actions: [
        h('ui5-link', { href: href(`/lm/${seg(tenantId)}/webhooks`), id: 'configuration-webhooks' }, 'Webhooks'),
      ],
    },
    panel,
    rotation.element,
    history.element,
    recentlyDeleted.element,
  );
}

function testMessage(outcome: KeyTestOutcome): HTMLElement {
  const steps = h(
    'details',
    {},
    h('summary', {}, 'Steps of the test'),
    h(
      'ul',
      { class: 'steps' },
      ...outcome.result.steps.map((s) => h('li', {}, h('strong', {}, `${s.id}: ${s.status}`), ` — ${s.detail}`)),
    ),
  );
  return outcome.status === 'active'
    ? strip(
        'Positive',
        h(
          'div',
          { class: 'stack', id: 'test-result' },
          h('strong', {}, 'Service key test succeeded.'),
          outcome.result.summary,
          steps,
        ),
      )
    : strip(
        'Negative',
        h(
          'div',
          { class: 'stack', id: 'test-result' },
          h('strong', {}, 'Service key test failed.'),
          outcome.reason ?? outcome.result.summary,
          steps,
        ),
      );
}

/** Display (eyeglasses): the key with secrets masked; a Security Administrator may reveal it (audited). */
function displayDialog(v: SlotView): void {
  const key = v.key;
  if (!key) return;
  const pre = h(
    'pre',
    { class: 'json', attrs: { tabindex: 0, 'aria-label': `Service key ${key.name} (JSON)` } },
    pretty(key.content),
  );
  const messages = h('div', { class: 'strips' });
  let revealed = false;
  const reveal = v.actions.reveal
    ? button(
        'Reveal Secret',
        () => {
          if (revealed) {
            pre.textContent = pretty(key.content);
            revealed = false;
            reveal!.textContent = 'Reveal Secret';
            return;
          }
          void answer(
            api.POST('/lm/v1/tenants/{tenantId}/service-key/reveal', { params: { path: { tenantId: v.tenantId } } }),
          )
            .then((revealedKey) => {
              pre.textContent = revealedKey.content;
              revealed = true;
              reveal!.textContent = 'Hide Secret';
            })
            .catch((error: unknown) => replace(messages, errorStrip(error)));
        },
        { icon: 'show', id: 'reveal-key' },
      )
    : null;
  const dialog: Dialog = openDialog({
    title: `Service Key: ${key.name}`,
    content: [
      strip(
        'Information',
        v.actions.reveal
          ? 'The client secret is masked. Reveal it only when you need it; every reveal is recorded in the audit log.'
          : 'The client secret is masked.',
      ),
      messages,
      pre,
    ],
    footer: [
      reveal,
      v.actions.download
        ? button('Download', () => download(downloadPath(DOWNLOAD, { tenantId: v.tenantId })), { icon: 'download' })
        : null,
      button('Close', () => (dialog.open = false), { design: 'Emphasized' }),
    ],
  });
  dialog.addEventListener('close', () => (pre.textContent = ''));
}
