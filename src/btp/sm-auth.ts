/**
 * Bearer authentication of the Service Manager API (`<sm_url>/v1/...`) with the token of a service-manager
 * key: xsuaa/ verifies signature, issuer, expiry and audience (the Service Manager master application); then
 * the token must name, in `ext_attr.serviceinstanceid`, a service-manager instance that still exists, whose
 * client is the token's `cid` and whose subaccount is the token's zone. So a Cloud ALM API instance given
 * Service Manager authorities through its parameters gets no access, and the subaccount of every call is the
 * token's own: SAP's "a token issued for one subaccount cannot be used in another" (*Create an SAP Service
 * Manager Instance and Binding*, `create-an-sap-service-manager-instance-and-binding-1ca5bbe.md`).
 *
 * Stricter than XSUAA's "valid until exp": deleting the instance ends its tokens at once (the lookup fails);
 * deleting a binding stops new tokens only, as everywhere else (xsuaa/README.md, "Revocation").
 */
import { DomainError } from '../shared/index.js';
import type { Executor } from '../store/index.js';
import type { TokenVerifier } from '../xsuaa/index.js';
import * as repo from './btp.repo.js';
import {
  isSmPlanName,
  SM_MASTER_XSAPPNAME,
  SM_OFFERING,
  SM_PLANS,
  type SmAccess,
  type SmPlanName,
  type SmResource,
  type SmScope,
} from './sm-plans.js';
import { BTP_ERRORS } from './errors.js';

/** Who calls the Service Manager API with a service-manager token. */
export interface SmPrincipal {
  /** The subaccount (= identity zone) the key belongs to: every call works in it and only in it. */
  readonly subaccountId: string;
  /** The Service Manager scopes of the token, without the master application prefix. */
  readonly scopes: readonly SmScope[];
  readonly clientId: string;
  /** The service-manager instance whose key obtained the token (what a `container` plan's visibility is about). */
  readonly instanceId: string;
  readonly plan: SmPlanName;
}

/** The collections of the `/v1` API and what each HTTP method needs on them. */
export type SmCollection =
  'service_offerings' | 'service_plans' | 'service_instances' | 'service_bindings' | 'platforms' | 'service_brokers';
export type SmMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

const RESOURCE: Readonly<Record<SmCollection, SmResource>> = {
  service_offerings: 'service_offering',
  service_plans: 'service_plan',
  service_instances: 'service_instance',
  service_bindings: 'service_binding',
  platforms: 'platform',
  service_brokers: 'broker',
};

/** Offerings and plans are read-only here (SAP's come from brokers); an operation is read with its resource. */
const ACCESS: Readonly<Record<SmMethod, SmAccess>> = { GET: 'read', POST: 'manage', PATCH: 'manage', DELETE: 'manage' };
const READ_ONLY: ReadonlySet<SmCollection> = new Set(['service_offerings', 'service_plans']);

/**
 * The scope a call needs: GET `read`, POST/PATCH/DELETE `manage` of the collection's resource
 * (`subaccount.service_instance.manage`); undefined for writes to offerings and plans, which no key may make.
 */
export function requiredSmScope(collection: SmCollection, method: SmMethod): SmScope | undefined {
  if (method !== 'GET' && READ_ONLY.has(collection)) return undefined;
  return `subaccount.${RESOURCE[collection]}.${ACCESS[method]}`;
}

/**
 * What a plan's principal sees: SAP's `container` plan sees what its own instance created (and the
 * subaccount-* plans see that too); the others see the whole subaccount. For service-operator-access SAP says
 * nothing; calm-keys lets it see the subaccount.
 */
export const SM_PLAN_VISIBILITY: Readonly<Record<SmPlanName, 'subaccount' | 'own-instance'>> = {
  'subaccount-admin': 'subaccount',
  'subaccount-audit': 'subaccount',
  container: 'own-instance',
  'service-operator-access': 'subaccount',
};

export interface SmAuthDeps {
  readonly db: Executor;
  readonly verifier: Pick<TokenVerifier, 'verifyAccessToken'>;
}

const BEARER = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)\s*$/i;
const PREFIX = `${SM_MASTER_XSAPPNAME}.`;

function notServiceManager(): DomainError {
  return new DomainError(
    'unauthenticated',
    BTP_ERRORS.sm_token_not_service_manager,
    'The access token was not issued for an existing service-manager instance; use the key of a service-manager binding.',
  );
}

export function createSmAuth(deps: SmAuthDeps) {
  /** Throws 403 naming the missing scope unless the principal may make this call. */
  function authorize(principal: SmPrincipal, collection: SmCollection, method: SmMethod): void {
    const scope = requiredSmScope(collection, method);
    if (scope && principal.scopes.includes(scope)) return;
    throw new DomainError(
      'forbidden',
      BTP_ERRORS.sm_scope_missing,
      scope
        ? `The ${principal.plan} plan's token lacks the scope ${scope} that ${method} /v1/${collection} needs.`
        : `${method} /v1/${collection} is not offered.`,
    );
  }

  /**
   * The principal of an `Authorization: Bearer <token>` header, or a DomainError: 401 (no or malformed header,
   * invalid or expired token, another audience, not a service-manager instance's token, another subaccount
   * than `options.subaccountId`), 403 when `options.call` needs a scope the token lacks.
   */
  async function authenticate(
    authorization: string | undefined,
    options: { subaccountId?: string; call?: { collection: SmCollection; method: SmMethod } } = {},
  ): Promise<SmPrincipal> {
    const match = BEARER.exec(authorization ?? '');
    if (!match)
      throw new DomainError(
        'unauthenticated',
        BTP_ERRORS.sm_token_missing,
        "Send an access token: Authorization: Bearer <token>, from the token endpoint at the key's url (client credentials).",
      );
    const verified = await deps.verifier.verifyAccessToken(match[1]!, {
      audience: SM_MASTER_XSAPPNAME,
      ...(options.subaccountId ? { zoneId: options.subaccountId } : {}),
    });
    const extAttr = verified.payload.ext_attr as { serviceinstanceid?: unknown } | undefined;
    const instanceId = typeof extAttr?.serviceinstanceid === 'string' ? extAttr.serviceinstanceid : undefined;
    if (!instanceId) throw notServiceManager();
    const instance = await repo.findInstance(deps.db, verified.zoneId, instanceId);
    if (
      !instance ||
      instance.offering !== SM_OFFERING ||
      instance.client_id !== verified.clientId ||
      !isSmPlanName(instance.plan)
    )
      throw notServiceManager();
    const granted = new Set<string>(SM_PLANS[instance.plan].scopes);
    const scopes = verified.scopes
      .filter((s) => s.startsWith(PREFIX))
      .map((s) => s.slice(PREFIX.length))
      .filter((s): s is SmScope => granted.has(s));
    const principal: SmPrincipal = {
      subaccountId: verified.zoneId,
      scopes,
      clientId: verified.clientId,
      instanceId,
      plan: instance.plan,
    };
    if (options.call) authorize(principal, options.call.collection, options.call.method);
    return principal;
  }

  return { authenticate, authorize };
}

export type SmAuth = ReturnType<typeof createSmAuth>;
