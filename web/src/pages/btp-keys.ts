/**
 * BTP cockpit: the dialogs of an instance's service keys. "Create" asks for a name and a credential type
 * (binding-secret, instance-secret or x509 with its validity) and shows the asynchronous create running until
 * its operation ends; "View" shows the key JSON with every secret masked until "Show Secrets" is pressed.
 */
import { answer, api, download, downloadPath } from '../api';
import { h, replace } from '../dom';
import { t } from '../i18n';
import { maskSecrets } from '../ui/format';
import { keyDisplay } from '../ui/key-display';
import { button, errorStrip, openDialog, strip, toast, type Dialog } from '../ui/kit';
import { change, CLOUD_ALM_API, working, type SmBinding, type SmInstance } from './btp-sm';

/**
 * The download stays calm-keys' `/btp/v1/service_bindings/{id}/key`: the file comes with Content-Disposition
 * straight from the server (audited as a download), so its content never passes through the page's
 * JavaScript; SAP's Service Manager API has no such route.
 */
export const KEY_DOWNLOAD = '/btp/v1/service_bindings/{id}/key';

type Pressable = HTMLElement & { disabled: boolean };
type Input = HTMLElement & { value: string; valueState: string };
type Select = HTMLElement & { value: string };
type StepInput = HTMLElement & { value: number };

export interface KeysOf {
  readonly instance: SmInstance;
  readonly offering: string;
  readonly subaccountId: string;
  /** What its keys can ask for: the instance's credential types (its parameters, btp-sm.ts `instanceSecurity`). */
  readonly credentialTypes: readonly string[];
}

export function createKeyDialog(of: KeysOf, reload: (focus?: string) => Promise<void>): void {
  const messages = h('div', { class: 'strips', attrs: { 'aria-live': 'polite' } });
  const name = h<Input>('ui5-input', {
    id: 'key-name',
    required: true,
    accessibleName: t('btpKeys.nameLabel'),
    maxlength: 32,
    placeholder: t('btpKeys.namePlaceholder'),
  });
  const type = h<Select>(
    'ui5-select',
    { id: 'key-type', accessibleName: t('btpKeys.typeLabel') },
    ...of.credentialTypes.map((t, i) => h('ui5-option', { value: t, selected: i === 0 }, t)),
  );
  const validity = h<StepInput>('ui5-step-input', {
    id: 'key-validity',
    min: 1,
    max: 365,
    value: 7,
    accessibleName: t('btpKeys.validity'),
  });
  const unit = h<Select>(
    'ui5-select',
    { id: 'key-validity-type', accessibleName: t('btpKeys.validityUnit') },
    h('ui5-option', { value: 'DAYS', selected: true }, t('btpKeys.days')),
    h('ui5-option', { value: 'MONTHS' }, t('btpKeys.months')),
    h('ui5-option', { value: 'YEARS' }, t('btpKeys.years')),
  );
  // `hidden` on a plain div: the .form grid's display would override it
  const x509Fields = h(
    'div',
    {},
    h(
      'div',
      { class: 'form' },
      h('ui5-label', { for: 'key-validity' }, t('btpKeys.certificateValidity')),
      h('div', { class: 'row' }, validity, unit),
    ),
  );
  const showX509 = () => (x509Fields.hidden = type.value !== 'x509');
  type.addEventListener('change', showX509);
  showX509();

  const create = button(t('btp.create'), () => void submit(), {
    design: 'Emphasized',
    id: 'create-key-submit',
  }) as Pressable;
  const dialog: Dialog = openDialog({
    title: t('btpKeys.title'),
    initialFocus: 'key-name',
    content: [
      h(
        'div',
        { class: 'form' },
        h('ui5-label', { for: 'key-name', required: true }, t('btpKeys.name')),
        name,
        h('ui5-label', { for: 'key-type' }, t('btpKeys.type')),
        type,
      ),
      of.offering === CLOUD_ALM_API ? h('div', { class: 'muted' }, t('btpKeys.chosenAtCreation')) : null,
      x509Fields,
      messages,
    ],
    footer: [create, button(t('btp.cancel'), () => (dialog.open = false), { design: 'Transparent' })],
  });

  async function submit(): Promise<void> {
    const value = name.value.trim();
    const ok = /^[A-Za-z0-9._-]{1,32}$/.test(value);
    name.valueState = ok ? 'None' : 'Negative';
    if (!ok) {
      replace(messages, strip('Negative', t('btp.nameRule')));
      name.focus();
      return;
    }
    const parameters =
      type.value === 'x509'
        ? { 'credential-type': 'x509', x509: { validity: Number(validity.value), 'validity-type': unit.value } }
        : { 'credential-type': type.value };
    create.disabled = true;
    try {
      // asynchronous (SAP's default): the 202 carries no credentials, so none reach this page; View shows them masked
      await change(
        api.POST('/v1/service_bindings', {
          params: { query: { subaccount_id: of.subaccountId } },
          body: { name: value, service_instance_id: of.instance.id, parameters },
        }),
        () => replace(messages, working(t('btpKeys.creating', value))),
      );
      toast(t('btpKeys.created', value));
      if (dialog.isConnected) dialog.open = false;
      await reload();
    } catch (error) {
      replace(messages, errorStrip(error));
    } finally {
      create.disabled = false;
    }
  }
}

/** The key as a Form or JSON (key-display.ts) with every secret masked; "Show Secrets" is the explicit step that shows them. */
export async function viewKeyDialog(binding: SmBinding): Promise<void> {
  const messages = h('div', { class: 'strips' });
  // JSON first, as the key file reads; Form is one click away
  const display = keyDisplay({ name: binding.name, idPrefix: 'btp-key', initialView: 'json' });
  display.show(undefined);
  let credentials: unknown;
  let shown = false;
  const toggle = h<HTMLElement & { pressed: boolean; icon: string }>(
    'ui5-toggle-button',
    { icon: 'show', accessibleName: t('btpKeys.showSecretsName'), id: 'reveal-secret' },
    t('btpKeys.showSecrets'),
  );
  const note = h('span', {}, t('btpKeys.masked'));
  const render = () => {
    display.show(credentials === undefined ? undefined : shown ? credentials : maskSecrets(credentials));
    toggle.textContent = shown ? t('btpKeys.hideSecrets') : t('btpKeys.showSecrets');
    toggle.icon = shown ? 'hide' : 'show';
    note.textContent = shown ? t('btpKeys.shown') : t('btpKeys.masked');
  };
  toggle.addEventListener('click', () => {
    shown = toggle.pressed;
    render();
  });
  const dialog: Dialog = openDialog({
    title: t('btpKeys.viewTitle', binding.name),
    content: [strip('Information', note), messages, display.element],
    footer: [
      toggle,
      button(t('btpKeys.download'), () => download(downloadPath(KEY_DOWNLOAD, { id: binding.id })), {
        icon: 'download',
      }),
      button(t('btpKeys.close'), () => (dialog.open = false), { design: 'Emphasized' }),
    ],
  });
  dialog.addEventListener('close', () => {
    credentials = undefined;
  });
  try {
    // the audited read of the key (a person may hold it); the list never carries credentials
    const read = await answer(api.GET('/v1/service_bindings/{id}', { params: { path: { id: binding.id } } }));
    // the answer leaves credentials out for a caller that may not hold them (src/btp/sm-privileges.ts)
    credentials = 'credentials' in read ? read.credentials : undefined;
    render();
    if (credentials === undefined) replace(messages, strip('Critical', t('btpKeys.mayNotRead')));
  } catch (error) {
    display.show(undefined);
    replace(messages, errorStrip(error));
  }
}
