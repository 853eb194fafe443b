import type { Role, ScopeType } from './roles.js';

export interface RoleAssignment {
  readonly role: Role;
  readonly scopeType: ScopeType;
  readonly scopeId: string;
}

/** An authenticated person, however they signed in (session cookie or personal API token). */
export interface Actor {
  readonly userId: string;
  readonly username: string;
  readonly assignments: readonly RoleAssignment[];
  /** Signed in with a one-time password: until it is changed, the server allows nothing but the change (http/auth.ts). */
  readonly mustChangePassword?: boolean;
  readonly via: { readonly kind: 'session' } | { readonly kind: 'api_token'; readonly tokenId: string };
}

/** The resource an action is on, with the chain of scopes above it (a tenant lives in a subaccount in a global account). */
export type Resource =
  | { readonly kind: 'system' }
  | { readonly kind: 'global_account'; readonly globalAccountId: string }
  | { readonly kind: 'subaccount'; readonly subaccountId: string; readonly globalAccountId: string }
  | {
      readonly kind: 'tenant';
      readonly tenantId: string;
      readonly subaccountId?: string;
      readonly globalAccountId?: string;
    };

export function toAuditActor(actor: Actor): { type: 'user'; id: string; name: string } {
  return { type: 'user', id: actor.userId, name: actor.username };
}
