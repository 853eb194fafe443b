/** Who is signed in (from GET /auth/v1/session) and which Landscape Management tenant is current. Kept in memory only. */
import type { LmTenant, Me, RoleAssignment } from './types';

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

const roles = (): readonly RoleAssignment[] => current?.roles ?? [];

/** calm-keys administrators read the audit log and manage users. */
export const isSystemAdministrator = () => roles().some((r) => r.role === 'SystemAdministrator');

/** Landscape Management roles held in a tenant. */
export const lmRolesIn = (tenantId: string) => roles().filter((r) => r.scopeType === 'tenant' && r.scopeId === tenantId).map((r) => r.role);

/** Landscape Administrators create managed objects and switch monitoring. */
export const mayManageLandscape = (tenantId: string) => lmRolesIn(tenantId).includes('x_landscape_Administrator');

/** Security Administrators and Viewers see the service-key section. */
export const maySeeServiceKey = (tenantId: string) => lmRolesIn(tenantId).some((r) => r === 'x_landscape_SecurityAdministrator' || r === 'x_landscape_SecurityViewer');

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
