/**
 * What a person sees when the server refuses a page with 403: SAP's "No authorization" illustrated message
 * naming the role collections that would open the page, as the BTP cockpit and Cloud ALM do, instead of an
 * error strip with a permission id. The role collections come from the route (`Route.requires`, display only:
 * the server decides); the server's own sentence stays below for the administrator who is asked.
 */
import { h } from '../dom';
import { ROLE_LABELS } from '../session';
import { page } from '../ui/kit';
import { t } from '../i18n';

/** The illustration and its component are loaded with this page only (a chunk of their own, vite.config.ts). */
async function loadIllustration(): Promise<void> {
  await Promise.all([
    import('@ui5/webcomponents-fiori/dist/IllustratedMessage.js'),
    import('@ui5/webcomponents-fiori/dist/illustrations/tnt/Lock.js'),
  ]);
}

export function roleCollectionsText(requires: readonly string[]): string {
  const names = requires.map((r) => ROLE_LABELS[r] ?? r);
  if (names.length === 0) return t('noAuth.askAny');
  if (names.length === 1) return t('noAuth.askOne', names[0] ?? '');
  return t('noAuth.askOneOf', names.slice(0, -1).join(', '), names.at(-1) ?? '');
}

export async function noAuthorizationPage(requires: readonly string[]): Promise<HTMLElement> {
  await loadIllustration();
  return page(
    { title: t('noAuth.title') },
    h('ui5-illustrated-message', {
      id: 'no-authorization',
      name: 'tnt/Lock',
      titleText: t('noAuth.message'),
      subtitleText: roleCollectionsText(requires),
      attrs: { 'data-requires': requires.join(' ') },
    }),
  );
}
