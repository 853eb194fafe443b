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
import { t } from '../i18n';
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

/** The section's help, as SAP's docs put it (a function: its texts are read when the page is drawn). */
const help = (): readonly Child[] => [
  h('strong', {}, t('lmConfig.helpOne')),
  h(
    'ul',
    {},
    h('li', {}, t('lmConfig.helpUpload')),
    h('li', {}, t('lmConfig.helpNoOneUse')),
    h('li', {}, t('lmConfig.helpCockpit')),
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
        ? iconButton('add', t('lmConfig.uploadKey'), () => openUpload(), { id: 'upload-key', design: 'Transparent' })
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
        {
          label: t('lmConfig.credentialTypeFact'),
          value: key?.summary.credentialType ?? '—',
          id: 'fact-credential-type',
        },
        {
          label: t('lmConfig.lastTestFact'),
          value: key?.lastTest
            ? `${formatDateTime(key.lastTest.at, 'seconds')}, ${key.lastTest.result.ok ? t('lmConfig.passed') : t('lmConfig.failed')}`
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
        toast(t('lmConfig.uploaded'));
        replace(
          messages,
          warnings.length
            ? closableStrip(
                'Critical',
                h('div', { class: 'stack' }, t('lmConfig.uploadedWarnings'), problems(warnings)),
              )
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
              h('strong', {}, v.rotation.pending ? t('lmConfig.pendingKey') : t('lmConfig.previousKey')),
              v.rotation.pending
                ? t('lmConfig.pendingText', v.rotation.pending.clientId, v.rotation.pending.status)
                : v.rotation.previous
                  ? t(
                      'lmConfig.previousText',
                      v.rotation.previous.clientId,
                      formatDateTime(v.rotation.previous.until ?? ''),
                    )
                  : t('lmConfig.rotationRunning'),
              h('span', { class: 'muted' }, v.rotation.note),
            ),
          )
        : null,
      key && key.warnings.length
        ? strip('Critical', h('div', { class: 'stack' }, t('lmConfig.formatWarnings'), problems(key.warnings)))
        : null,
      // the key's X.509 certificate within 30 days of its end, or past it (issue 17)
      key?.certificateExpiry ? expiryStrip(key.certificateExpiry, 'certificate-expiry') : null,
      table({
        id: 'service-key-table',
        accessibleName: t('lmConfig.sectionTitle'),
        noDataText: v.actions.upload ? t('lmConfig.noKeyUpload') : t('lmConfig.noKey'),
        columns: [
          { header: t('lmConfig.name'), minWidth: '9rem', importance: 10 },
          { header: t('lmConfig.status'), minWidth: '12rem', importance: 8 },
          { header: t('lmConfig.actions'), minWidth: '12rem', importance: 9 },
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
          ? t('lmConfig.provisioned')
          : key.fileName
            ? t('lmConfig.uploadedFrom', key.fileName)
            : t('lmConfig.uploadedPlain'),
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
        h('strong', {}, t('lmConfig.deletedInBtp')),
        h('span', {}, t('lmConfig.deletedText', formatDateTime(deleted.at))),
        v.actions.delete
          ? h(
              'div',
              { class: 'row' },
              button(t('lmConfig.deleteCopy'), () => void remove(v), { id: 'deleted-delete-copy', design: 'Negative' }),
              button(t('lmConfig.uploadCurrent'), () => void replaceWithCurrent(v), {
                id: 'deleted-upload-current',
                icon: 'upload',
              }),
            )
          : h('span', { class: 'muted' }, t('lmConfig.askAdmin')),
      ),
    );
  }

  function actionsCell(v: SlotView): HTMLElement {
    const a = v.actions;
    return h(
      'div',
      { class: 'key-actions' },
      a.view ? iconButton('display', t('lmConfig.displayKey'), () => displayDialog(v), { id: 'display-key' }) : null,
      a.download
        ? iconButton('download', t('lmConfig.downloadKey'), () => download(downloadPath(DOWNLOAD, { tenantId })), {
            id: 'download-key',
          })
        : null,
      a.delete ? iconButton('delete', t('lmConfig.deleteKey'), () => void remove(v), { id: 'delete-key' }) : null,
      a.test
        ? button(t('lmConfig.testKey'), () => void test(), { id: 'test-key', design: 'Transparent', icon: 'lab' })
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
            h('span', { class: 'muted' }, t('lmConfig.clientIdLabel')),
            h('code', { id: 'key-client-id' }, key.summary.clientId),
            copyButton(t('lmConfig.clientId'), () => key.summary.clientId ?? '', 'copy-client-id'),
          )
        : null,
      h('span', {}, h('span', { class: 'muted' }, t('lmConfig.credentialType')), key.summary.credentialType ?? '—'),
      h(
        'span',
        {},
        h('span', { class: 'muted' }, t('lmConfig.lastToken')),
        use.lastTokenAt ? formatDateTime(use.lastTokenAt) : t('lmConfig.noneSeen'),
      ),
      h(
        'span',
        {},
        h('span', { class: 'muted' }, t('lmConfig.lastPush')),
        use.lastPush ? `${formatDateTime(use.lastPush.at)} (${use.lastPush.to})` : t('lmConfig.noneSeen'),
      ),
      last
        ? h(
            'span',
            { id: 'key-last-test' },
            h('span', { class: 'muted' }, t('lmConfig.lastTest')),
            t('lmConfig.lastTestBy', formatDateTime(last.at, 'seconds'), last.by),
            last.result.ok
              ? t('lmConfig.passed')
              : t(
                  'lmConfig.failedAt',
                  stepName(last.result.failedStep ?? ''),
                  withLocalTimes(failedDetail(last.result)),
                ),
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
    toast(t('lmConfig.deleted'));
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
    { accessibleRole: 'Region', accessibleName: t('lmConfig.sectionTitle'), id: 'key-section' },
    h(
      'div',
      { slot: 'header', class: 'toolbar panel-header' },
      h('h2', { class: 'section-title grow', id: 'key-section-title' }, t('lmConfig.sectionTitle')),
      headerActions,
    ),
    h('div', { class: 'strips help' }, strip('Information', h('div', {}, ...help()))),
    body,
    messages,
    detailsArea,
  );
  return page(
    {
      title: t('lmConfig.configuration'),
      crumbs: lmCrumbs(tenant),
      // the key's events, POSTed to a receiver (lm-webhooks.ts)
      actions: [
        h(
          'ui5-link',
          { href: href(`/lm/${seg(tenantId)}/webhooks`), id: 'configuration-webhooks' },
          t('lmConfig.webhooks'),
        ),
      ],
    },
    header,
    panel,
    rotation.element,
    history.element,
    recentlyDeleted.element,
    ...otherSections().map(otherSection),
  );
}

/** SAP's other sections of the configuration, shown as such: calm-keys has nothing to manage in them, and says so. */
const otherSections = (): readonly { id: string; title: string; text: string }[] => [
  {
    id: 'import-section',
    title: t('lmConfig.importTitle'),
    text: t('lmConfig.importText'),
  },
  {
    id: 'certificates-section',
    title: t('lmConfig.certificatesTitle'),
    text: t('lmConfig.certificatesText'),
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
  return result.steps.find((st) => st.status === t('lmConfig.failed'))?.detail ?? result.reason ?? result.summary;
}

/** A one-line reason for the status cell; the full texts are in the Deleted-in-BTP strip and the Test's message. */
function statusLine(key: SlotKey): string {
  const last = key.lastTest?.result;
  if (key.deletedInBtp) return t('lmConfig.statusDeleted');
  if (key.status.value === 'unknown') return t('lmConfig.notTested');
  if (key.status.value === 'active')
    return last?.warnings?.length ? t('lmConfig.passedWarning') : t('lmConfig.testPassed');
  return last?.failedStep ? t('lmConfig.testFailedAt', stepName(last.failedStep)) : t('lmConfig.testFailed');
}

/** The Test's outcome in a dialog the person confirms with OK; resolves when it is closed. */
function testMessage(outcome: KeyTestOutcome): Promise<void> {
  const ok = outcome.status === 'active';
  const failed = outcome.result.steps.find((st) => st.status === t('lmConfig.failed'));
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
      title: ok ? t('lmConfig.testSucceededTitle') : t('lmConfig.testFailedTitle'),
      state: ok ? 'None' : 'Negative',
      initialFocus: 'test-result-ok',
      content: [
        h(
          'div',
          { class: 'stack', id: 'test-result', attrs: { 'data-status': outcome.status } },
          h('strong', {}, ok ? t('lmConfig.testSucceeded') : t('lmConfig.testFailedText')),
          ok
            ? outcome.result.summary
            : failed
              ? t('lmConfig.failedAtCap', stepName(failed.id), withLocalTimes(failed.detail))
              : withLocalTimes(outcome.result.summary),
          outcome.result.warnings?.length ? h('span', { class: 'muted' }, outcome.result.warnings.join(' ')) : null,
          outcome.recorded ? null : h('span', { class: 'muted' }, t('lmConfig.notKept')),
          h('span', { class: 'muted' }, t('lmConfig.testedAt'), timeElement(outcome.at, 'seconds'), '.'),
          h('details', {}, h('summary', {}, t('lmConfig.steps')), steps),
        ),
      ],
      footer: [button(t('lmConfig.ok'), () => (dialog.open = false), { design: 'Emphasized', id: 'test-result-ok' })],
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
  const maskedNote = v.actions.reveal ? t('lmConfig.maskedReveal') : t('lmConfig.masked');
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
        t('lmConfig.reveal'),
        () => {
          if (revealed) {
            showMasked();
            reveal!.textContent = t('lmConfig.reveal');
            return;
          }
          void answer(
            api.POST('/lm/v1/tenants/{tenantId}/service-key/reveal', { params: { path: { tenantId: v.tenantId } } }),
          )
            .then((revealedKey) => {
              display.show(revealedKey.content);
              revealed = true;
              note.textContent = t('lmConfig.shown');
              noteStrip.setAttribute('design', 'Critical');
              reveal!.textContent = t('lmConfig.hide');
            })
            .catch((error: unknown) => replace(messages, errorStrip(error, { closable: true })));
        },
        { icon: 'show', id: 'reveal-key' },
      )
    : null;
  showMasked();
  const dialog: Dialog = openDialog({
    title: t('lmConfig.displayTitle', key.name),
    content: [noteStrip, messages, display.element],
    footer: [
      reveal,
      v.actions.download
        ? button(t('lmConfig.download'), () => download(downloadPath(DOWNLOAD, { tenantId: v.tenantId })), {
            icon: 'download',
          })
        : null,
      button(t('lmConfig.close'), () => (dialog.open = false), { design: 'Emphasized' }),
    ],
  });
  dialog.addEventListener('close', () => display.show(undefined));
}
