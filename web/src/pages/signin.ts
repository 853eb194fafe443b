/** Sign-in with a calm-keys user (access module); a first sign-in with a one-time password sets a new one. */
import { ApiError, answer, api } from '../api';
import { h, replace } from '../dom';
import { errorStrip, strip } from '../ui/kit';
import { t } from '../i18n';

type Input = HTMLElement & { value: string; valueState: string };

function field(
  id: string,
  label: string,
  type: 'Text' | 'Password',
  autocomplete: string,
): { wrap: HTMLElement; input: Input } {
  const input = h<Input>('ui5-input', {
    id,
    type,
    name: id,
    required: true,
    accessibleName: label,
    attrs: { autocomplete },
  });
  return {
    input,
    wrap: h('div', { class: 'stack' }, h('ui5-label', { for: id, required: true, showColon: false }, label), input),
  };
}

export function signInPage(options: { message?: string | undefined; onSignedIn: () => Promise<void> }): HTMLElement {
  const messages = h('div', { class: 'strips', attrs: { 'aria-live': 'assertive' } });
  const user = field('username', t('signin.userName'), 'Text', 'username');
  const password = field('password', t('signin.password'), 'Password', 'current-password');
  const submit = h<HTMLElement & { loading: boolean }>(
    'ui5-button',
    { design: 'Emphasized', type: 'Submit', id: 'sign-in' },
    t('signin.signIn'),
  );
  const form = h(
    'form',
    { class: 'stack', attrs: { novalidate: true, 'aria-label': t('signin.formName') } },
    user.wrap,
    password.wrap,
    submit,
  );
  // landmarks as on every other page: the product in a header (banner), the form in main
  const card = h(
    'main',
    { class: 'signin-card', attrs: { 'aria-label': t('signin.cardName') } },
    h('div', { class: 'brand' }, h('img', { src: '/favicon.svg', alt: '' }), t('signin.brand')),
    h('h1', {}, t('signin.title')),
    messages,
    form,
  );
  if (options.message) replace(messages, strip('Information', options.message));

  let pending = false;
  async function signIn(): Promise<void> {
    // Enter in a UI5 input may submit the form and fire keydown too: one sign-in at a time
    if (pending) return;
    const username = user.input.value.trim();
    const pass = password.input.value;
    user.input.valueState = username ? 'None' : 'Negative';
    password.input.valueState = pass ? 'None' : 'Negative';
    if (!username || !pass) {
      replace(messages, strip('Negative', t('signin.enterBoth')));
      (username ? password.input : user.input).focus();
      return;
    }
    submit.loading = true;
    pending = true;
    try {
      const result = await answer(api.POST('/auth/v1/login', { body: { username, password: pass } }), { signIn: true });
      if (result.mustChangePassword) {
        replace(card, changePassword(pass, options.onSignedIn));
        return;
      }
      await options.onSignedIn();
    } catch (error) {
      password.input.value = '';
      const text =
        error instanceof ApiError && error.status === 401
          ? t('signin.wrong')
          : error instanceof ApiError
            ? error.message
            : t('signin.failed');
      replace(
        messages,
        error instanceof ApiError && error.status !== 401 ? errorStrip(error) : strip('Negative', text),
      );
      password.input.focus();
    } finally {
      submit.loading = false;
      pending = false;
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void signIn();
  });
  // UI5 inputs submit their form on Enter; this keeps Enter working where a browser does not
  for (const input of [user.input, password.input]) {
    input.addEventListener('keydown', (event) => {
      if ((event as KeyboardEvent).key === 'Enter') {
        event.preventDefault();
        void signIn();
      }
    });
  }
  window.setTimeout(() => user.input.focus(), 0);
  return h('div', { class: 'signin' }, card);
}

function changePassword(current: string, done: () => Promise<void>): HTMLElement {
  const messages = h('div', { class: 'strips', attrs: { 'aria-live': 'assertive' } });
  const next = field('new-password', t('signin.newPassword'), 'Password', 'new-password');
  const again = field('new-password-again', t('signin.repeatPassword'), 'Password', 'new-password');
  const submit = h('ui5-button', { design: 'Emphasized', type: 'Submit' }, t('signin.setPassword'));
  const form = h(
    'form',
    { class: 'stack', attrs: { novalidate: true, 'aria-label': t('signin.setPasswordForm') } },
    next.wrap,
    again.wrap,
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      if (!next.input.value || next.input.value !== again.input.value) {
        replace(messages, strip('Negative', t('signin.sameTwice')));
        return;
      }
      try {
        await answer(
          api.POST('/auth/v1/password', { body: { currentPassword: current, newPassword: next.input.value } }),
        );
        await done();
      } catch (error) {
        replace(messages, errorStrip(error));
      }
    })();
  });
  window.setTimeout(() => next.input.focus(), 0);
  return h(
    'div',
    { class: 'stack' },
    h('h1', {}, t('signin.setYourPassword')),
    strip('Information', t('signin.oneTime')),
    messages,
    form,
  );
}
