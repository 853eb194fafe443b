/**
 * The `service-manager` offering's plans and the Service Manager scopes each grants, as SAP documents them
 * ("SAP Service Manager Broker Plans", SAP-docs/btp-service-manager
 * `docs/Service-Consumption/SAP-Service-Manager/sap-service-manager-broker-plans-917a8a7.md`).
 *
 * A scope in a token is `<master xsappname>.<scope>` ("scope": "<xsappname>.job.read ...", *Retrieve an OAuth
 * 2.0 Access Token*, `retrieve-an-oauth-2-0-access-token-b6822e6.md`). SAP does not publish the master
 * application's name; service-manager keys in public samples end their client id with `|service-manager!b3`
 * (eu12) and SAP's docs show `service-manager!b1234` and `!b4065`, so calm-keys uses `service-manager!b3`.
 */

export const SM_OFFERING = 'service-manager';
export const SM_MASTER_XSAPPNAME = 'service-manager!b3';

/** What a Service Manager scope lets a caller touch: `subaccount.<resource>.<access>`. */
export type SmResource =
  'broker' | 'platform' | 'service_instance' | 'service_binding' | 'service_plan' | 'service_offering';
export type SmAccess = 'read' | 'manage';
export type SmScope = `subaccount.${SmResource}.${SmAccess}`;

export const SM_PLAN_NAMES = ['subaccount-admin', 'subaccount-audit', 'container', 'service-operator-access'] as const;
export type SmPlanName = (typeof SM_PLAN_NAMES)[number];

export interface SmPlan {
  readonly name: SmPlanName;
  readonly description: string;
  readonly scopes: readonly SmScope[];
}

const INSTANCES_AND_BINDINGS: readonly SmScope[] = [
  'subaccount.service_instance.read',
  'subaccount.service_instance.manage',
  'subaccount.service_binding.read',
  'subaccount.service_binding.manage',
  'subaccount.service_plan.read',
  'subaccount.service_offering.read',
];

export const SM_PLANS: Readonly<Record<SmPlanName, SmPlan>> = {
  'subaccount-admin': {
    name: 'subaccount-admin',
    description:
      'Manage the brokers, platforms, instances and bindings of the subaccount the instance was created in; read its offerings and plans.',
    scopes: [
      'subaccount.broker.manage',
      'subaccount.broker.read',
      'subaccount.platform.manage',
      'subaccount.platform.read',
      ...INSTANCES_AND_BINDINGS,
    ],
  },
  'subaccount-audit': {
    name: 'subaccount-audit',
    description:
      'Read-only access to the brokers, platforms, instances, bindings, offerings and plans of the subaccount.',
    scopes: [
      'subaccount.broker.read',
      'subaccount.platform.read',
      'subaccount.service_instance.read',
      'subaccount.service_binding.read',
      'subaccount.service_plan.read',
      'subaccount.service_offering.read',
    ],
  },
  container: {
    name: 'container',
    description: 'Manage service instances and bindings in a reduced scope that corresponds to this instance.',
    scopes: INSTANCES_AND_BINDINGS,
  },
  // SAP lists no scopes for this plan; its one user, the BTP Service Operator, looks up offerings and plans and
  // creates, reads and deletes instances and bindings, so it gets the container plan's scopes (README).
  'service-operator-access': {
    name: 'service-operator-access',
    description: 'Credentials for the SAP BTP Service Operator to access SAP BTP from a Kubernetes cluster.',
    scopes: INSTANCES_AND_BINDINGS,
  },
};

export function isSmPlanName(name: string): name is SmPlanName {
  return (SM_PLAN_NAMES as readonly string[]).includes(name);
}

/** The scope as the token carries it: `service-manager!b3.subaccount.service_instance.read`. */
export function smScopeInToken(scope: SmScope): string {
  return `${SM_MASTER_XSAPPNAME}.${scope}`;
}

/** The authorities of a service-manager instance's XSUAA client: its plan's scopes, as tokens carry them. */
export function smAuthorities(plan: SmPlanName): string[] {
  return SM_PLANS[plan].scopes.map(smScopeInToken);
}
