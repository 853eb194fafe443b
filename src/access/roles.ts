/**
 * The roles calm-keys knows, each valid in one kind of scope. Cloud ALM roles are the Landscape
 * Management role templates of SAP (docs/sap-sources.md §10), held per Cloud ALM tenant;
 * BTP roles are held per global account or subaccount; the system role administers calm-keys itself.
 */

export type ScopeType = 'system' | 'tenant' | 'global_account' | 'subaccount';

export const ROLES = {
  // Cloud ALM Landscape Management (role template names as in SAP)
  x_landscape_SecurityAdministrator: { scope: 'tenant', label: 'Landscape Management Security Administrator' },
  x_landscape_SecurityViewer: { scope: 'tenant', label: 'Landscape Management Security Viewer' },
  x_landscape_Administrator: { scope: 'tenant', label: 'Landscape Management Administrator' },
  x_landscape_Viewer: { scope: 'tenant', label: 'Landscape Management Viewer' },
  x_landscape_AccessController: { scope: 'tenant', label: 'Landscape Management Access Controller' },
  x_landscape_AccessViewer: { scope: 'tenant', label: 'Landscape Management Access Viewer' },
  // SAP BTP
  GlobalAccountAdministrator: { scope: 'global_account', label: 'Global Account Administrator' },
  SubaccountAdministrator: { scope: 'subaccount', label: 'Subaccount Administrator' },
  // calm-keys itself: users, role assignments, signing keys
  SystemAdministrator: { scope: 'system', label: 'calm-keys Administrator' },
} as const satisfies Record<string, { scope: ScopeType; label: string }>;

export type Role = keyof typeof ROLES;

export const ALL_ROLES = Object.keys(ROLES) as Role[];

export function isRole(value: string): value is Role {
  return Object.hasOwn(ROLES, value);
}

/** The scope id of a system-wide assignment. */
export const SYSTEM_SCOPE_ID = '*';
