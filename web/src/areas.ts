/**
 * The areas of the UI (BTP cockpit, Landscape Management, audit log) a signed-in person can use, from the
 * session's answer: the scope types of their role assignments and the server's `actions`. The side navigation
 * shows only these, and after sign-in a person lands in the first of them: a Landscape Management-only user in
 * Landscape Management, not on a cockpit page that has nothing for them. Nothing here grants anything: the server
 * decides every call; this only spares people links that lead nowhere.
 */
import type { NavKey } from './router';
import { mayManageUsers, mayReadAuditLog, session } from './session';

export type Area = Exclude<NavKey, 'none'>;

const LANDING: Readonly<Record<Area, string>> = {
  btp: '#/btp',
  lm: '#/lm',
  audit: '#/audit',
  security: '#/security',
  faults: '#/faults',
};

export function usableAreas(): Area[] {
  const scopes = new Set((session.me?.roles ?? []).map((r) => r.scopeType));
  const areas: Area[] = [];
  // a calm-keys administrator creates global accounts in the cockpit (system scope)
  if (scopes.has('global_account') || scopes.has('subaccount') || scopes.has('system')) areas.push('btp');
  if (scopes.has('tenant')) areas.push('lm');
  if (mayReadAuditLog()) areas.push('audit');
  if (mayManageUsers()) areas.push('security');
  // fault injection is the calm-keys Administrator's too (system.faults.manage), the same role as Security
  if (mayManageUsers()) areas.push('faults');
  return areas;
}

/**
 * Where a person starts: the first area they hold a role for. Someone with no role at all starts at the cockpit,
 * whose "No authorization" page names the role collections to ask for.
 */
export function landingHash(): string {
  const [first] = usableAreas();
  return LANDING[first ?? 'btp'];
}
