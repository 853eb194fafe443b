/**
 * Who is signed in (from GET /auth/v1/session), what the server says they may do, and which Landscape Management
 * tenant is current. Kept in memory only. The UI decides nothing by role name: it offers what the server's
 * `actions` list (the session's, a tenant's managed objects', the service-key slot's).
 */
import type { Schemas } from './api';

/** The signed-in user: the authenticated session answer. */
export type Me = Extract<Schemas['Session'], { authenticated: true }>;
type LmTenant = Schemas['LmTenantList']['items'][number];

let current: Me | undefined;
let tenant: { id: string; name: string } | undefined;
const listeners = new Set<() => void>();

export const session = {
  get me(): Me | undefined {
    return current;
  },
  set(me: Me | undefined): void {
    current = me;
    if (!me) tenant = undefined;
    listeners.forEach((l) => l());
  },
  get tenant(): { id: string; name: string } | undefined {
    return tenant;
  },
  setTenant(t: Pick<LmTenant, 'tenantId' | 'name'> | undefined): void {
    const next = t ? { id: t.tenantId, name: t.name } : undefined;
    if (next?.id === tenant?.id && next?.name === tenant?.name) return;
    tenant = next;
    listeners.forEach((l) => l());
  },
  onChange(listener: () => void): void {
    listeners.add(listener);
  },
};

/** The audit log is offered when the server's session answer says so (calm-keys administrators today). */
export const mayReadAuditLog = () => current?.actions.auditLog === true;

/** Security (users and their role collections) is offered when the server's session answer says so. */
export const mayManageUsers = () => current?.actions.manageUsers === true;

/** How the avatar menu and the tenant list name a role; display only, nothing is decided by it. */
export const ROLE_LABELS: Record<string, string> = {
  x_landscape_SecurityAdministrator: 'Landscape Management Security Administrator',
  x_landscape_SecurityViewer: 'Landscape Management Security Viewer',
  x_landscape_Administrator: 'Landscape Management Administrator',
  x_landscape_Viewer: 'Landscape Management Viewer',
  x_landscape_AccessController: 'Landscape Management Access Controller',
  x_landscape_AccessViewer: 'Landscape Management Access Viewer',
  GlobalAccountAdministrator: 'Global Account Administrator',
  SubaccountAdministrator: 'Subaccount Administrator',
  SystemAdministrator: 'calm-keys Administrator',
};
