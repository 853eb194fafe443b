/**
 * calm-keys web UI: the BTP cockpit and Cloud ALM Landscape Management pages in the Fiori look (UI5 Web
 * Components). It talks to the REST API only; the session is the HttpOnly cookie of POST /auth/v1/login.
 */
import './styles.css';
import { startTheming } from './theme';
import './ui/locale';
import './ui/components';
import { loadTexts, t } from './i18n';
import { ApiError, answer, api, whenUnauthenticated } from './api';
import { landingHash, usableAreas } from './areas';
import { replace } from './dom';
import { createRouter, type Route } from './router';
import { session } from './session';
import { createShell, type Shell } from './shell';
import { busy, errorStrip, page } from './ui/kit';
import { setToolbarTexts } from './ui/table-toolbar';
import { signInPage } from './pages/signin';
import { accountExplorerPage, globalAccountPage, subaccountPage } from './pages/btp-accounts';
import { instancePage } from './pages/btp-instance';
import { tenantsPage } from './pages/lm-tenants';
import { managedObjectsPage } from './pages/lm-objects';
import { configurationPage } from './pages/lm-configuration';
import { metricsPage } from './pages/lm-metrics';
import { statusEventsPage } from './pages/lm-status-events';
import { webhooksPage } from './pages/lm-webhooks';
import { projectTasksPage, projectsPage } from './pages/lm-projects';
import { auditPage } from './pages/audit';
import { securityPage } from './pages/security-users';
import { faultsPage } from './pages/faults';
import { noAuthorizationPage } from './pages/no-authorization';

startTheming();

// The role collections a 403 page names (display only, the server decides): who may open each kind of page.
const BTP_ROLES = ['GlobalAccountAdministrator', 'SubaccountAdministrator'];
const LANDSCAPE_ROLES = ['x_landscape_Viewer', 'x_landscape_Administrator'];
const KEY_ROLES = ['x_landscape_SecurityViewer', 'x_landscape_SecurityAdministrator'];

const routes: Route[] = [
  { path: '/btp', nav: 'btp', requires: BTP_ROLES, render: () => accountExplorerPage() },
  {
    path: '/btp/global-accounts/:id',
    nav: 'btp',
    requires: ['GlobalAccountAdministrator'],
    render: ({ params }) => globalAccountPage(params.id ?? ''),
  },
  {
    path: '/btp/subaccounts/:id',
    nav: 'btp',
    requires: BTP_ROLES,
    render: ({ params }) => subaccountPage(params.id ?? ''),
  },
  {
    path: '/btp/instances/:id',
    nav: 'btp',
    requires: BTP_ROLES,
    render: ({ params }) => instancePage(params.id ?? ''),
  },
  { path: '/lm', nav: 'lm', requires: LANDSCAPE_ROLES, render: () => tenantsPage() },
  {
    path: '/lm/:tenantId',
    nav: 'lm',
    requires: LANDSCAPE_ROLES,
    render: ({ params }) => managedObjectsPage(params.tenantId ?? ''),
  },
  {
    path: '/lm/:tenantId/configuration',
    nav: 'lm',
    requires: KEY_ROLES,
    render: ({ params }) => configurationPage(params.tenantId ?? ''),
  },
  {
    path: '/lm/:tenantId/status-events',
    nav: 'lm',
    requires: ['x_landscape_Viewer', 'x_landscape_Administrator'],
    render: ({ params }) => statusEventsPage(params.tenantId ?? ''),
  },
  {
    path: '/lm/:tenantId/webhooks',
    nav: 'lm',
    requires: KEY_ROLES,
    render: ({ params }) => webhooksPage(params.tenantId ?? ''),
  },
  {
    path: '/lm/:tenantId/projects',
    nav: 'lm',
    requires: LANDSCAPE_ROLES,
    render: ({ params }) => projectsPage(params.tenantId ?? ''),
  },
  {
    path: '/lm/:tenantId/projects/:projectId',
    nav: 'lm',
    requires: LANDSCAPE_ROLES,
    render: ({ params }) => projectTasksPage(params.tenantId ?? '', params.projectId ?? ''),
  },
  {
    path: '/lm/:tenantId/objects/:id/metrics',
    nav: 'lm',
    requires: LANDSCAPE_ROLES,
    render: ({ params, query }) => metricsPage(params.tenantId ?? '', params.id ?? '', query.get('period') ?? '60M'),
  },
  { path: '/audit', nav: 'audit', requires: ['SystemAdministrator'], render: ({ query }) => auditPage(query) },
  { path: '/security', nav: 'security', requires: ['SystemAdministrator'], render: () => securityPage() },
  { path: '/faults', nav: 'faults', requires: ['SystemAdministrator'], render: () => faultsPage() },
];
const router = createRouter(routes);
const app = document.getElementById('app')!;
let shell: Shell | undefined;
let renderSeq = 0;

async function loadSession(): Promise<boolean> {
  const current = await answer(api.GET('/auth/v1/session'));
  // a session of a one-time password allows nothing but the change, which needs that password: sign in again
  const usable = current.authenticated && !current.mustChangePassword;
  session.set(current.authenticated && usable ? current : undefined);
  return usable;
}

function showSignIn(message?: string): void {
  shell = undefined;
  document.title = t('app.titleSuffix', t('main.signInTitle'));
  replace(
    app,
    signInPage({
      message,
      onSignedIn: async () => {
        await loadSession();
        if (!window.location.hash || window.location.hash === '#/signin') window.location.hash = landingHash();
        await render();
      },
    }),
  );
}

async function signOut(): Promise<void> {
  try {
    await answer(api.POST('/auth/v1/logout'));
  } catch {
    // signed out already
  }
  session.set(undefined);
  window.location.hash = '#/signin';
}

async function render(): Promise<void> {
  const seq = (renderSeq += 1);
  if (!session.me) {
    showSignIn();
    return;
  }
  const matched = router.match(window.location.hash);
  if (!matched) {
    window.location.replace(landingHash());
    return;
  }
  if (!shell) {
    shell = createShell({ onSignOut: () => void signOut() });
    replace(app, shell.element);
  }
  shell.show(busy(), matched.route.nav);
  let content: HTMLElement;
  const { nav, requires = [] } = matched.route;
  try {
    // an area the person holds no role for (a typed or bookmarked address) is refused as the server would refuse it
    content =
      nav !== 'none' && !usableAreas().includes(nav)
        ? await noAuthorizationPage(requires)
        : await matched.route.render(matched.context);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return;
    if (error instanceof ApiError && error.status === 403) content = await noAuthorizationPage(requires);
    else
      content = page(
        {
          title: error instanceof ApiError && error.status === 404 ? t('main.notFound') : t('main.somethingWentWrong'),
        },
        errorStrip(error),
      );
  }
  if (seq !== renderSeq || !shell) return;
  shell.show(content, matched.route.nav);
  const title = content.querySelector('h1')?.textContent;
  document.title = title ? t('app.titleSuffix', title) : t('app.name');
  content.querySelector<HTMLElement>('h1')?.focus();
}

whenUnauthenticated(() => {
  session.set(undefined);
  showSignIn(t('main.sessionEnded'));
});

window.addEventListener('hashchange', () => {
  if (window.location.hash === '#/signin' && session.me) {
    window.location.replace(landingHash());
    return;
  }
  void render();
});

async function start(): Promise<void> {
  // the texts of the UI's language (English in the first load; German a chunk of its own) before anything is drawn
  await loadTexts();
  setToolbarTexts({
    search: t('toolbar.search'),
    sortBy: (title) => t('toolbar.sortBy', title),
    direction: t('toolbar.direction'),
    ascending: t('toolbar.ascending'),
    descending: t('toolbar.descending'),
    noResultsTitle: t('toolbar.noResultsTitle'),
    noResultsSubtitle: t('toolbar.noResultsSubtitle'),
    count: (title, total) => t('toolbar.count', title, total),
    countOf: (title, shown, total) => t('toolbar.countOf', title, shown, total),
  });
  try {
    await loadSession();
  } catch (error) {
    replace(app, page({ title: t('main.unreachable') }, errorStrip(error)));
    return;
  }
  if (session.me && (!window.location.hash || window.location.hash === '#/signin'))
    window.location.replace(landingHash());
  await render();
}

void start();
