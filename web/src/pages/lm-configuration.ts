/**
 * Landscape Management > configuration (gear), as SAP shows it: expandable sections (SAP Cloud ALM Service Key,
 * Import of Subscribed SAP Services, Certificates). The service key's is a table Name | Status | Actions with
 * display (eyeglasses), download, delete (wastebasket) and Test Service Key, and `+` to upload while the slot is
 * empty. Only the actions the server lists in `actions` are offered.
 *
 * The status model: the status cell is the icon with its word, one line of reason and the local time of the
 * status; a key deleted in BTP gets one "Deleted in BTP" strip with its two ways out (*Delete this copy*,
 * *Upload current key*); a Test ends with a dialog the person confirms, and the status is reloaded after it.
 */
import { answer, api, download, downloadPath, seg, type Schemas } from '../api';
import { href } from '../router';
import { h, replace, type Child } from '../dom';
import { formatDateTime, timeElement, withLocalTimes } from '../ui/date-time';
import { copyButton, keyDisplay } from '../ui/key-display';
import {
  button,
  closableStrip,
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
import {
  currentTenant,
  headerFacts,
  lmCrumbs,
  statusBadge,
  stepName,
  tenantFacts,
  tenantGroupLabel,
} from './lm-common';
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
  const header = h('div');
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
    replace(header, keyHeader(view));
    replace(body, ...sectionContent(view));
    replace(detailsArea, view.key ? details(view.key) : null);
    // the focus moves as soon as its target is on the page, not after the sections below have loaded: a keyboard
    // user pressing Enter right after an upload must reach Test Service Key
    if (focus) document.getElementById(focus)?.focus();
    await history.reload();
    await rotation.reload();
    await recentlyDeleted.reload(view);
  }

  /** The object page header: the tenant and the key's status as facts, kept current with every reload. */
  function keyHeader(v: SlotView): HTMLElement {
    const key = v.key;
    return headerFacts(
      [
        ...tenantFacts(
          tenant,
          key ? { status: key.status.value, deletedInBtp: key.deletedInBtp, name: key.name } : null,
        ),
        { label: 'Credential Type', value: key?.summary.credentialType ?? '—', id: 'fact-credential-type' },
        {
          label: 'Last Test',
          value: key?.lastTest
            ? `${formatDateTime(key.lastTest.at, 'seconds')}, ${key.lastTest.result.ok ? 'passed' : 'failed'}`
            : '—',
          id: 'fact-last-test',
        },
      ],
      tenantGroupLabel(tenant),
    );
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
            ? closableStrip('Critical', h('div', { class: 'stack' }, 'Uploaded with warnings:', problems(warnings)))
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
      key?.deletedInBtp ? deletedInBtpStrip(key, v) : null,
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

  /** Icon and word, one line of reason, the local time: the long texts live in the strip and the Test dialog. */
  function statusCell(key: SlotKey): HTMLElement {
    return h(
      'div',
      { class: 'stack' },
      statusBadge(key.status.value, 'key-status'),
      h('span', { class: 'muted', id: 'key-status-reason' }, statusLine(key)),
      key.status.at ? h('span', { class: 'muted' }, timeElement(key.status.at, 'seconds', 'key-status-at')) : null,
    );
  }

  /** The one strip of a copy whose binding BTP deleted, with the two ways out. */
  function deletedInBtpStrip(key: SlotKey, v: SlotView): HTMLElement {
    const deleted = key.deletedInBtp!;
    return strip(
      'Negative',
      h(
        'div',
        { class: 'stack', id: 'deleted-in-btp' },
        h('strong', {}, 'Deleted in BTP'),
        h(
          'span',
          {},
          `The service key this copy came from was deleted in SAP BTP on ${formatDateTime(deleted.at)}; its credentials no longer work. Deleting in BTP does not delete this copy.`,
        ),
        v.actions.delete
          ? h(
              'div',
              { class: 'row' },
              button('Delete this copy', () => void remove(v), { id: 'deleted-delete-copy', design: 'Negative' }),
              button('Upload current key', () => void replaceWithCurrent(v), {
                id: 'deleted-upload-current',
                icon: 'upload',
              }),
            )
          : h(
              'span',
              { class: 'muted' },
              'A Security Administrator of this tenant can delete it and upload a current key.',
            ),
      ),
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
    const last = key.lastTest;
    return h(
      'div',
      { class: 'stack section key-details' },
      key.summary.clientId
        ? h(
            'span',
            { class: 'row' },
            h('span', { class: 'muted' }, 'Client ID: '),
            h('code', { id: 'key-client-id' }, key.summary.clientId),
            copyButton('Client ID', () => key.summary.clientId ?? '', 'copy-client-id'),
          )
        : null,
      h('span', {}, h('span', { class: 'muted' }, 'Credential type: '), key.summary.credentialType ?? '—'),
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
      last
        ? h(
            'span',
            { id: 'key-last-test' },
            h('span', { class: 'muted' }, 'Last test: '),
            `${formatDateTime(last.at, 'seconds')} by ${last.by}: `,
            last.result.ok
              ? 'passed'
              : `failed at “${stepName(last.result.failedStep ?? '')}”: ${withLocalTimes(failedDetail(last.result))}`,
          )
        : null,
    );
  }

  async function test(): Promise<void> {
    const testButton = document.getElementById('test-key') as (HTMLElement & { loading: boolean }) | null;
    if (testButton) testButton.loading = true;
    try {
      const outcome = await answer(api.POST('/lm/v1/tenants/{tenantId}/service-key/test', { params }));
      replace(messages);
      // as SAP's procedure has it: a message the person confirms, then the status turns green or red
      await testMessage(outcome);
      await reload('test-key');
    } catch (error) {
      replace(messages, errorStrip(error, { closable: true }));
    } finally {
      const again = document.getElementById('test-key') as (HTMLElement & { loading: boolean }) | null;
      if (again) again.loading = false;
    }
  }

  async function remove(v: SlotView): Promise<boolean> {
    // the dialog shows the blast radius and, for a key used in the last 24 h, needs an explicit confirmation
    if (!(await deleteKeyDialog(tenantId, v))) return false;
    toast('Service key deleted.');
    replace(messages);
    await reload('upload-key');
    return true;
  }

  /** A slot holds one key: the copy goes first (confirmed as any delete), then the upload dialog opens. */
  async function replaceWithCurrent(v: SlotView): Promise<void> {
    if (await remove(v)) openUpload();
  }

  await reload();
  const panel = h(
    'ui5-panel',
    { accessibleRole: 'Region', accessibleName: 'SAP Cloud ALM Service Key', id: 'key-section' },
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
      // the key's events, POSTed to a receiver (lm-webhooks.ts)
      actions: [
        h('ui5-link', { href: href(`/lm/${seg(tenantId)}/webhooks`), id: 'configuration-webhooks' }, 'Webhooks'),
      ],
    },
    header,
    panel,
    rotation.element,
    history.element,
    recentlyDeleted.element,
    ...OTHER_SECTIONS.map(otherSection),
  );
}

/** SAP's other sections of the configuration, shown as such: calm-keys has nothing to manage in them, and says so. */
const OTHER_SECTIONS: readonly { id: string; title: string; text: string }[] = [
  {
    id: 'import-section',
    title: 'Import of Subscribed SAP Services',
    text: 'In SAP Cloud ALM this section shows the status of the daily import of the SAP cloud services your customer number subscribes to, and imports them on request. calm-keys imports nothing: its managed services and systems are created on Services and Systems or register themselves with the tenant’s service key.',
  },
  {
    id: 'certificates-section',
    title: 'Certificates',
    text: 'calm-keys has no certificates to manage here. An X.509 service key carries its own certificate: its end is shown with the key above, and warned of 30 and 7 days before.',
  },
];

function otherSection(s: { id: string; title: string; text: string }): HTMLElement {
  return h(
    'ui5-panel',
    { collapsed: true, accessibleRole: 'Region', accessibleName: s.title, id: s.id },
    h('div', { slot: 'header', class: 'toolbar panel-header' }, h('h2', { class: 'section-title grow' }, s.title)),
    strip('Information', h('span', {}, s.text)),
  );
}

/** The failed step's own sentence (the stored reason may add the BTP deletion, which the strip already says). */
function failedDetail(result: Schemas['KeyTestResult']): string {
  return result.steps.find((st) => st.status === 'failed')?.detail ?? result.reason ?? result.summary;
}

/** A one-line reason for the status cell; the full texts are in the Deleted-in-BTP strip and the Test's message. */
function statusLine(key: SlotKey): string {
  const last = key.lastTest?.result;
  if (key.deletedInBtp) return 'Deleted in BTP: its credentials no longer work';
  if (key.status.value === 'unknown') return 'Not tested yet';
  if (key.status.value === 'active') return last?.warnings?.length ? 'Test passed, with a warning' : 'Test passed';
  return last?.failedStep ? `Test failed: ${stepName(last.failedStep)}` : 'Test failed';
}

/** The Test's outcome in a dialog the person confirms with OK; resolves when it is closed. */
function testMessage(outcome: KeyTestOutcome): Promise<void> {
  const ok = outcome.status === 'active';
  const failed = outcome.result.steps.find((st) => st.status === 'failed');
  const steps = h(
    'ul',
    { class: 'steps', id: 'test-steps' },
    ...outcome.result.steps.map((st) =>
      h(
        'li',
        {},
        h('strong', {}, `${stepName(st.id)}: ${st.status}`),
        ` — ${withLocalTimes(st.detail)}`,
        st.warning ? h('div', { class: 'muted' }, st.warning) : null,
      ),
    ),
  );
  return new Promise((resolve) => {
    const dialog: Dialog = openDialog({
      title: ok ? 'Service Key Test Succeeded' : 'Service Key Test Failed',
      state: ok ? 'None' : 'Negative',
      initialFocus: 'test-result-ok',
      content: [
        h(
          'div',
          { class: 'stack', id: 'test-result', attrs: { 'data-status': outcome.status } },
          h('strong', {}, ok ? 'Service key test succeeded.' : 'Service key test failed.'),
          ok
            ? outcome.result.summary
            : failed
              ? `Failed at “${stepName(failed.id)}”: ${withLocalTimes(failed.detail)}`
              : withLocalTimes(outcome.result.summary),
          outcome.result.warnings?.length ? h('span', { class: 'muted' }, outcome.result.warnings.join(' ')) : null,
          outcome.recorded
            ? null
            : h('span', { class: 'muted' }, 'The key was changed while it was tested: this result is not kept.'),
          h('span', { class: 'muted' }, 'Tested at ', timeElement(outcome.at, 'seconds'), '.'),
          h('details', {}, h('summary', {}, 'Steps of the test'), steps),
        ),
      ],
      footer: [button('OK', () => (dialog.open = false), { design: 'Emphasized', id: 'test-result-ok' })],
    });
    dialog.addEventListener('close', () => resolve());
  });
}

/**
 * Display (eyeglasses): the key with secrets masked, as a Form or as JSON (with Copy); a Security Administrator
 * may reveal it (audited), and the strip says which of the two is shown.
 */
function displayDialog(v: SlotView): void {
  const key = v.key;
  if (!key) return;
  const display = keyDisplay({ name: key.name });
  const maskedNote = v.actions.reveal
    ? 'The client secret is masked. Reveal it only when you need it; every reveal is recorded in the audit log.'
    : 'The client secret is masked.';
  const note = h('span', { id: 'key-secret-note' }, maskedNote);
  const noteStrip = strip('Information', note);
  const messages = h('div', { class: 'strips' });
  let revealed = false;
  const showMasked = () => {
    display.show(key.content);
    revealed = false;
    note.textContent = maskedNote;
    noteStrip.setAttribute('design', 'Information');
  };
  const reveal = v.actions.reveal
    ? button(
        'Reveal Secret',
        () => {
          if (revealed) {
            showMasked();
            reveal!.textContent = 'Reveal Secret';
            return;
          }
          void answer(
            api.POST('/lm/v1/tenants/{tenantId}/service-key/reveal', { params: { path: { tenantId: v.tenantId } } }),
          )
            .then((revealedKey) => {
              display.show(revealedKey.content);
              revealed = true;
              note.textContent =
                'The client secret is shown: this reveal is recorded in the audit log. Hide it when you are done.';
              noteStrip.setAttribute('design', 'Critical');
              reveal!.textContent = 'Hide Secret';
            })
            .catch((error: unknown) => replace(messages, errorStrip(error, { closable: true })));
        },
        { icon: 'show', id: 'reveal-key' },
      )
    : null;
  showMasked();
  const dialog: Dialog = openDialog({
    title: `Service Key: ${key.name}`,
    content: [noteStrip, messages, display.element],
    footer: [
      reveal,
      v.actions.download
        ? button('Download', () => download(downloadPath(DOWNLOAD, { tenantId: v.tenantId })), { icon: 'download' })
        : null,
      button('Close', () => (dialog.open = false), { design: 'Emphasized' }),
    ],
  });
  dialog.addEventListener('close', () => display.show(undefined));
}
