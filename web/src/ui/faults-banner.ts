/**
 * The banner shown above every page while any injected fault is active (fault injection, issue 18): a tester
 * who sees tokens fail learns at once that calm-keys is failing on purpose. It asks `GET /faults/v1/status`
 * (anyone signed in; the count only) when the shell appears, at each page change and every POLL_MS while it is
 * on the page; a failed
 * or refused ask leaves it as it was (a 401 is the session's business, handled by the page that asks next).
 */
import { api } from '../api';
import { h } from '../dom';
import { t } from '../i18n';

const POLL_MS = 5_000;

export function faultsBanner(): HTMLElement {
  const text = h('span', {});
  const banner = h(
    'ui5-message-strip',
    { id: 'faults-banner', design: 'Critical', hideCloseButton: true, hidden: true, attrs: { role: 'status' } },
    text,
  );

  async function check(): Promise<void> {
    try {
      const { data } = await api.GET('/faults/v1/status');
      if (!data) return;
      banner.hidden = data.active === 0;
      text.textContent = data.active === 1 ? t('faultsBanner.one') : t('faultsBanner.other', data.active);
    } catch {
      // the server is unreachable: the page's own calls say so
    }
  }

  let timer: number | undefined;
  const poll = () => {
    if (!banner.isConnected && timer !== undefined) {
      window.clearInterval(timer);
      timer = undefined;
      return;
    }
    if (document.visibilityState === 'visible') void check();
  };
  // started once the shell puts it on the page; stops when it leaves. A page change asks at once too.
  queueMicrotask(() => {
    void check();
    timer = window.setInterval(poll, POLL_MS);
  });
  window.addEventListener('hashchange', () => void (banner.isConnected && check()));
  return banner;
}
