/**
 * A small hash router: `#/btp/subaccounts/<id>`. Each route renders a page element; a newer navigation wins
 * over a slower older one. After a page is shown, focus moves to its heading, so keyboard and screen-reader
 * users start at the top of the new page.
 */
export type NavKey = 'btp' | 'lm' | 'audit' | 'security' | 'faults' | 'none';

export interface RouteContext {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
}

export interface Route {
  readonly path: string;
  readonly nav: NavKey;
  /** The roles (template names) that open the page, named on its "No authorization" page; display only. */
  readonly requires?: readonly string[];
  readonly render: (context: RouteContext) => Promise<HTMLElement>;
}

interface Compiled extends Route {
  readonly pattern: RegExp;
  readonly keys: readonly string[];
}

function compile(route: Route): Compiled {
  const keys: string[] = [];
  const source = route.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_m, key: string) => {
    keys.push(key);
    return '([^/]+)';
  });
  return { ...route, pattern: new RegExp(`^${source}/?$`), keys };
}

export interface Match {
  readonly route: Route;
  readonly context: RouteContext;
}

export function createRouter(routes: readonly Route[]) {
  const compiled = routes.map(compile);

  function match(hash: string): Match | undefined {
    const raw = hash.replace(/^#/, '') || '/';
    const [path = '/', search = ''] = raw.split('?');
    for (const route of compiled) {
      const m = route.pattern.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      route.keys.forEach((key, i) => {
        params[key] = decodeURIComponent(m[i + 1] ?? '');
      });
      return { route, context: { params, query: new URLSearchParams(search) } };
    }
    return undefined;
  }

  return {
    match,
    navigate(path: string): void {
      if (window.location.hash === `#${path}`) window.dispatchEvent(new HashChangeEvent('hashchange'));
      else window.location.hash = path;
    },
  };
}

export const href = (path: string) => `#${path}`;
