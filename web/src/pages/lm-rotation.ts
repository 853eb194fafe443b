/**
 * The service-key page's staged rotation (issue 17): the running rotation (or the last one) with each step and
 * its time, the pending or previous key (masked: a client id, never a secret), what to do next, and the
 * actions the server lists in `actions`: Rotate (Security Administrator), Promote and Cancel. The Security
 * Viewer sees the same without the buttons. A pending key is a calm-keys extension to SAP's one key per tenant.
 */
import { answer, api, type Schemas } from '../api';
import { h, replace } from '../dom';
import { t, type TextKey } from '../i18n';
import { formatDateTime, withLocalTimes } from '../ui/date-time';
import { button, closableStrip, errorStrip, openDialog, strip, table, toast, type Dialog } from '../ui/kit';

type RotationState = Schemas['KeyRotationState'];
type Rotation = NonNullable<RotationState['rotation']>;
type Select = HTMLElement & { value: string };
type Check = HTMLElement & { checked: boolean };

const ROTATION = '/lm/v1/tenants/{tenantId}/service-key/rotation';

const STATE_TEXT: Record<Rotation['state'], TextKey> = {
  creating: 'lmRotation.stateCreating',
  waiting_upload: 'lmRotation.stateWaitingUpload',
  testing: 'lmRotation.stateTesting',
  pending: 'lmRotation.statePending',
  grace: 'lmRotation.stateGrace',
  retiring: 'lmRotation.stateRetiring',
  completed: 'lmRotation.stateCompleted',
  failed: 'lmRotation.stateFailed',
  cancelled: 'lmRotation.stateCancelled',
};

/** The rotation's step ids (landscape/rotation.service.ts) in words; an unknown id is shown as it comes. */
const STEP_TEXT: Record<string, TextKey> = {
  started: 'lmRotation.stepStarted',
  binding_created: 'lmRotation.stepBindingCreated',
  waiting_upload: 'lmRotation.stepWaitingUpload',
  uploaded: 'lmRotation.stepUploaded',
  tested: 'lmRotation.stepTested',
  pending: 'lmRotation.stepPending',
  promoted: 'lmRotation.stepPromoted',
  old_key_retired: 'lmRotation.stepOldKeyRetired',
  old_binding_deleted: 'lmRotation.stepOldBindingDeleted',
  new_binding_deleted: 'lmRotation.stepNewBindingDeleted',
  cancelled: 'lmRotation.stepCancelled',
  failed: 'lmRotation.stepFailed',
  interrupted: 'lmRotation.stepInterrupted',
};
const stepWord = (step: string): string => (STEP_TEXT[step] ? t(STEP_TEXT[step]!) : step);

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
    { fixed: true, accessibleRole: 'Region', accessibleName: t('lmRotation.title'), id: 'key-rotation' },
    h(
      'div',
      { slot: 'header', class: 'toolbar panel-header' },
      h('h2', { class: 'section-title grow' }, t('lmRotation.title')),
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
      { id: 'rotation-grace', accessibleName: t('lmRotation.grace') },
      h('ui5-option', { value: '3600' }, t('lmRotation.oneHour')),
      h('ui5-option', { value: '86400', selected: true }, t('lmRotation.day')),
      h('ui5-option', { value: '604800' }, t('lmRotation.week')),
      h('ui5-option', { value: '2592000' }, t('lmRotation.month')),
      h('ui5-option', { value: '0' }, t('lmRotation.none')),
    );
    const hold = h<Check>('ui5-checkbox', { id: 'rotation-hold', text: t('lmRotation.hold') });
    const dialog: Dialog = openDialog({
      title: t('lmRotation.dialogTitle'),
      content: [
        h('p', {}, t('lmRotation.explain')),
        h('div', { class: 'form' }, h('ui5-label', { for: 'rotation-grace' }, t('lmRotation.grace')), grace, hold),
      ],
      footer: [
        button(
          t('lmRotation.rotate'),
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
              t('lmRotation.started'),
            );
          },
          { design: 'Emphasized', id: 'rotation-start' },
        ),
        button(t('lmRotation.cancel'), () => (dialog.open = false), { design: 'Transparent' }),
      ],
    });
  }

  function render(state: RotationState): void {
    const a = state.actions;
    replace(
      actions,
      a.rotate ? button(t('lmRotation.rotate'), () => rotateDialog(), { id: 'rotate-key', icon: 'refresh' }) : null,
      a.promote
        ? button(
            t('lmRotation.promote'),
            () => void act(() => answer(api.POST(`${ROTATION}/promote`, { params })), t('lmRotation.promoted')),
            { id: 'rotation-promote', design: 'Emphasized' },
          )
        : null,
      a.cancel
        ? button(
            t('lmRotation.cancelRotation'),
            () => void act(() => answer(api.POST(`${ROTATION}/cancel`, { params })), t('lmRotation.cancelled')),
            { id: 'rotation-cancel', design: 'Transparent' },
          )
        : null,
    );
    const r = state.rotation;
    if (!r) {
      replace(content, h('span', { class: 'muted' }, t('lmRotation.notYet')));
      return;
    }
    replace(
      content,
      h(
        'div',
        { class: 'stack' },
        h('strong', { id: 'rotation-state' }, t(STATE_TEXT[r.state])),
        h(
          'span',
          { class: 'muted' },
          t(
            'lmRotation.summary',
            r.mode === 'btp' ? t('lmRotation.modeBtp') : t('lmRotation.modeManual'),
            r.startedBy,
            formatDateTime(r.startedAt),
            r.graceSeconds,
          ),
        ),
        r.pending ? h('span', { id: 'rotation-pending' }, t('lmRotation.pending', r.pending.clientId)) : null,
        // the server's sentences carry ISO instants (the grace period's end): shown in the browser's locale
        r.failure ? strip('Negative', withLocalTimes(r.failure)) : null,
        r.nextAction
          ? strip(r.state === 'waiting_upload' ? 'Critical' : 'Information', withLocalTimes(r.nextAction))
          : null,
      ),
      table({
        id: 'rotation-steps',
        accessibleName: t('lmRotation.stepsName'),
        noDataText: t('lmRotation.noSteps'),
        columns: [
          { header: t('lmRotation.time'), minWidth: '10rem', importance: 8 },
          { header: t('lmRotation.step'), minWidth: '9rem', importance: 10 },
          { header: t('lmRotation.result'), minWidth: '5rem', importance: 9 },
          { header: t('lmRotation.detail'), minWidth: '16rem', importance: 5 },
        ],
        rows: r.steps.map((s) => [
          formatDateTime(s.at, 'seconds'),
          stepWord(s.step),
          h(
            'ui5-tag',
            { design: s.outcome === 'ok' ? 'Positive' : 'Negative' },
            s.outcome === 'ok' ? t('lmRotation.ok') : t('lmRotation.failedTag'),
          ),
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
