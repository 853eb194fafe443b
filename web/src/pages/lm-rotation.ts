/**
 * The service-key page's staged rotation (issue 17): the running rotation (or the last one) with each step and
 * its time, the pending or previous key (masked: a client id, never a secret), what to do next, and the
 * actions the server lists in `actions`: Rotate (Security Administrator), Promote and Cancel. The Security
 * Viewer sees the same without the buttons. A pending key is a calm-keys extension to SAP's one key per tenant.
 */
import { answer, api, type Schemas } from '../api';
import { h, replace } from '../dom';
import { formatDateTime, withLocalTimes } from '../ui/date-time';
import { button, closableStrip, errorStrip, openDialog, strip, table, toast, type Dialog } from '../ui/kit';

type RotationState = Schemas['KeyRotationState'];
type Rotation = NonNullable<RotationState['rotation']>;
type Select = HTMLElement & { value: string };
type Check = HTMLElement & { checked: boolean };

const ROTATION = '/lm/v1/tenants/{tenantId}/service-key/rotation';

const STATE_TEXT: Record<Rotation['state'], string> = {
  creating: 'Creating the new binding in BTP',
  waiting_upload: 'Waiting for the new key to be uploaded',
  testing: 'Testing the new key',
  pending: 'New key tested, pending promotion',
  grace: 'Promoted; the old key works until the grace period ends',
  retiring: 'Ending the old key',
  completed: 'Completed',
  failed: 'Failed (the current key is untouched)',
  cancelled: 'Cancelled',
};

/** The rotation's step ids (landscape/rotation.service.ts) in words; an unknown id is shown as it comes. */
const STEP_TEXT: Record<string, string> = {
  started: 'Rotation started',
  binding_created: 'New binding created in BTP',
  waiting_upload: 'Waiting for the new key',
  uploaded: 'New key uploaded',
  tested: 'New key tested',
  pending: 'New key pending promotion',
  promoted: 'New key promoted',
  old_key_retired: 'Old key retired',
  old_binding_deleted: 'Old binding deleted in BTP',
  new_binding_deleted: 'New binding deleted in BTP',
  cancelled: 'Cancelled',
  failed: 'Failed',
  interrupted: 'Interrupted',
};

export function rotationSection(
  tenantId: string,
  onChanged: () => Promise<void>,
): { element: HTMLElement; reload(): Promise<void> } {
  const params = { path: { tenantId } };
  const content = h('div', { class: 'stack' });
  const actions = h('div', { class: 'row' });
  const messages = h('div', { class: 'strips', attrs: { 'aria-live': 'polite' } });
  const element = h(
    'ui5-panel',
    { fixed: true, accessibleRole: 'Region', accessibleName: 'Key rotation', id: 'key-rotation' },
    h(
      'div',
      { slot: 'header', class: 'toolbar panel-header' },
      h('h2', { class: 'section-title grow' }, 'Key rotation'),
      actions,
    ),
    messages,
    content,
  );

  async function act(work: () => Promise<RotationState>, done: string): Promise<void> {
    try {
      const result = await work();
      const failed = result.rotation?.state === 'failed';
      replace(
        messages,
        failed
          ? closableStrip('Negative', h('span', { id: 'rotation-failure' }, result.rotation?.failure ?? 'Failed.'))
          : null,
      );
      if (!failed) toast(done);
      await onChanged();
    } catch (error) {
      replace(messages, errorStrip(error));
    }
  }

  function rotateDialog(): void {
    const grace = h<Select>(
      'ui5-select',
      { id: 'rotation-grace', accessibleName: 'Grace period' },
      h('ui5-option', { value: '3600' }, '1 hour'),
      h('ui5-option', { value: '86400', selected: true }, '24 hours (default)'),
      h('ui5-option', { value: '604800' }, '7 days'),
      h('ui5-option', { value: '2592000' }, '30 days'),
      h('ui5-option', { value: '0' }, 'None: end the old key at once'),
    );
    const hold = h<Check>('ui5-checkbox', { id: 'rotation-hold', text: 'Stop before promotion (promote by hand)' });
    const dialog: Dialog = openDialog({
      title: 'Rotate Service Key',
      content: [
        h(
          'p',
          {},
          'A new binding is created on the same SAP Cloud ALM API instance in BTP and tested. When its Test is green it becomes the current key; the old binding keeps working for the grace period, then it is deleted in BTP (revoked). For a key that did not come from this BTP, you create the new key in the SAP BTP cockpit and upload it here.',
        ),
        h('div', { class: 'form' }, h('ui5-label', { for: 'rotation-grace' }, 'Grace period'), grace, hold),
      ],
      footer: [
        button(
          'Rotate',
          () => {
            dialog.open = false;
            void act(
              () =>
                answer(
                  api.POST(ROTATION, {
                    params,
                    body: { graceSeconds: Number(grace.value), ...(hold.checked ? { hold: true } : {}) },
                  }),
                ),
              'Rotation started.',
            );
          },
          { design: 'Emphasized', id: 'rotation-start' },
        ),
        button('Cancel', () => (dialog.open = false), { design: 'Transparent' }),
      ],
    });
  }

  function render(state: RotationState): void {
    const a = state.actions;
    replace(
      actions,
      a.rotate ? button('Rotate', () => rotateDialog(), { id: 'rotate-key', icon: 'refresh' }) : null,
      a.promote
        ? button(
            'Promote',
            () => void act(() => answer(api.POST(`${ROTATION}/promote`, { params })), 'New key promoted.'),
            { id: 'rotation-promote', design: 'Emphasized' },
          )
        : null,
      a.cancel
        ? button(
            'Cancel Rotation',
            () => void act(() => answer(api.POST(`${ROTATION}/cancel`, { params })), 'Rotation cancelled.'),
            { id: 'rotation-cancel', design: 'Transparent' },
          )
        : null,
    );
    const r = state.rotation;
    if (!r) {
      replace(content, h('span', { class: 'muted' }, 'This key has not been rotated yet.'));
      return;
    }
    replace(
      content,
      h(
        'div',
        { class: 'stack' },
        h('strong', { id: 'rotation-state' }, STATE_TEXT[r.state]),
        h(
          'span',
          { class: 'muted' },
          `${r.mode === 'btp' ? 'New binding in BTP' : 'By hand (a key this BTP did not issue)'} · started by ${r.startedBy}, ${formatDateTime(r.startedAt)} · grace period ${r.graceSeconds} s`,
        ),
        r.pending
          ? h(
              'span',
              { id: 'rotation-pending' },
              `Pending key (calm-keys extension, not yet current): client id ${r.pending.clientId}`,
            )
          : null,
        // the server's sentences carry ISO instants (the grace period's end): shown in the browser's locale
        r.failure ? strip('Negative', withLocalTimes(r.failure)) : null,
        r.nextAction
          ? strip(r.state === 'waiting_upload' ? 'Critical' : 'Information', withLocalTimes(r.nextAction))
          : null,
      ),
      table({
        id: 'rotation-steps',
        accessibleName: 'Rotation steps',
        noDataText: 'No steps yet.',
        columns: [
          { header: 'Time', minWidth: '10rem', importance: 8 },
          { header: 'Step', minWidth: '9rem', importance: 10 },
          { header: 'Result', minWidth: '5rem', importance: 9 },
          { header: 'Detail', minWidth: '16rem', importance: 5 },
        ],
        rows: r.steps.map((s) => [
          formatDateTime(s.at, 'seconds'),
          STEP_TEXT[s.step] ?? s.step,
          h('ui5-tag', { design: s.outcome === 'ok' ? 'Positive' : 'Negative' }, s.outcome === 'ok' ? 'OK' : 'Failed'),
          withLocalTimes(s.detail ?? ''),
        ]),
      }),
    );
  }

  async function reload(): Promise<void> {
    try {
      render(await answer(api.GET(ROTATION, { params })));
    } catch (error) {
      replace(content, errorStrip(error));
    }
  }

  return { element, reload };
}
