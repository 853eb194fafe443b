/**
 * Who may do what: one declarative table. Each action lists, per scope type, the roles that allow it.
 * decide() (and through it guard()) reads only this table; adding an action means adding a row here (and a test
 * row in authorize.test.ts). Landscape Management rows follow SAP's matrix (docs/sap-sources.md §10).
 */
import type { Role, ScopeType } from './roles.js';

type Rule = Partial<Record<ScopeType, readonly Role[]>>;

const KEY_ADMIN: readonly Role[] = ['x_landscape_SecurityAdministrator'];
const KEY_READERS: readonly Role[] = ['x_landscape_SecurityAdministrator', 'x_landscape_SecurityViewer'];
const LANDSCAPE_READERS: readonly Role[] = [
  'x_landscape_SecurityAdministrator',
  'x_landscape_SecurityViewer',
  'x_landscape_Administrator',
  'x_landscape_Viewer',
  'x_landscape_AccessController',
  'x_landscape_AccessViewer',
];
const BTP_ADMINS: Rule = { subaccount: ['SubaccountAdministrator'], global_account: ['GlobalAccountAdministrator'] };

export const POLICY = {
  // Landscape Management: the SAP Cloud ALM Service Key section
  'lm.service_key.view': { tenant: KEY_READERS },
  'lm.service_key.download': { tenant: KEY_READERS },
  'lm.service_key.test': { tenant: KEY_READERS },
  'lm.service_key.reveal': { tenant: KEY_ADMIN },
  'lm.service_key.upload': { tenant: KEY_ADMIN },
  'lm.service_key.delete': { tenant: KEY_ADMIN },
  // Landscape Management: webhooks of the slot's events (calm-keys extension; the key's own readers and administrator)
  'lm.webhook.view': { tenant: KEY_READERS },
  'lm.webhook.manage': { tenant: KEY_ADMIN },
  // staged rotation (issue 17): the Security Viewer sees it in the slot's view, only the Administrator acts
  'lm.service_key.rotate': { tenant: KEY_ADMIN },
  // Landscape Management: landscape objects (managed services and systems)
  'lm.landscape.view': { tenant: LANDSCAPE_READERS },
  'lm.landscape.manage': { tenant: ['x_landscape_Administrator'] },
  // BTP cockpit: accounts, instances and bindings
  'btp.global_account.create': { system: ['SystemAdministrator'] },
  'btp.global_account.view': { global_account: ['GlobalAccountAdministrator'] },
  'btp.global_account.manage': { global_account: ['GlobalAccountAdministrator'] },
  'btp.subaccount.view': BTP_ADMINS,
  'btp.subaccount.manage': { global_account: ['GlobalAccountAdministrator'] },
  'btp.service_instance.view': BTP_ADMINS,
  'btp.service_instance.manage': BTP_ADMINS,
  'btp.service_binding.view': BTP_ADMINS,
  'btp.service_binding.manage': BTP_ADMINS,
  // calm-keys administration
  'system.user.manage': { system: ['SystemAdministrator'] },
  'system.audit.view': { system: ['SystemAdministrator'] },
  'system.signing_key.manage': { system: ['SystemAdministrator'] },
  // the development clock (serve --dev-clock): show, advance, reset; moves every token's and certificate's time
  'system.clock.manage': { system: ['SystemAdministrator'] },
  // fault injection (issue 18): add, list and delete faults; never a tenant's role, never a service key
  'system.faults.manage': { system: ['SystemAdministrator'] },
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof POLICY;

export const ALL_ACTIONS = Object.keys(POLICY) as Action[];
