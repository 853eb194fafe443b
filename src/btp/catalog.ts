/**
 * The service catalog of the BTP control plane: the offerings calm-keys provisions and their plans, with the
 * fields SAP Service Manager shows for them (`GET /v1/service_offerings`, `/v1/service_plans`; *List
 * Offerings* `list-offerings-8a0659f.md`, *List Plans* `list-plans-b0e4863.md` in SAP-docs/btp-service-manager,
 * and the Service Operator's `client/sm/types/service_offering.go`, `service_plan.go`). The ids are fixed, so
 * that a tool that stored a plan id keeps working across restarts and servers; SAP's are per landscape too.
 *
 * One list, read by the `/v1` routes (sm-catalog.service.ts) and by plan resolution: a new offering or plan is
 * one entry here. `SAPCloudALMAPIs` / `standard` is the "SAP Cloud ALM API" service; `service-manager` has
 * SAP's four plans (sm-plans.ts holds their scopes).
 */
import { OFFERING, PLAN } from './instance-context.js';
import { SM_OFFERING, SM_PLANS, SM_PLAN_NAMES } from './sm-plans.js';

export interface CatalogPlan {
  readonly id: string;
  /** The plan's name as tools ask for it (`catalog_name eq 'standard'`); SAP's `name` and `catalog_name` agree. */
  readonly name: string;
  readonly catalogId: string;
  readonly description: string;
  readonly free: boolean;
  readonly bindable: boolean;
}

export interface CatalogOffering {
  readonly id: string;
  readonly name: string;
  readonly catalogId: string;
  readonly description: string;
  readonly bindable: boolean;
  readonly tags: readonly string[];
  readonly plans: readonly CatalogPlan[];
}

/** The broker that "offers" every catalog entry: calm-keys itself (SAP's offerings name their broker). */
export const CATALOG_BROKER_ID = 'e9f4d161-ce7e-46bb-8ae8-3a6e21fb85fc';
/** When the catalog's entries count as created (they are part of the product, not of a database). */
export const CATALOG_CREATED_AT = '2024-01-01T00:00:00.000Z';

const SM_PLAN_IDS: Readonly<Record<(typeof SM_PLAN_NAMES)[number], string>> = {
  'subaccount-admin': '0b185645-7577-4672-88bb-514562efa95e',
  'subaccount-audit': 'b092dfdf-1e3b-4d2e-b548-8328f02cc39d',
  container: 'a35b7b87-7fc3-4b07-9c77-cc9c27f488a5',
  'service-operator-access': '8f3622e7-bc64-43ae-9399-a9c8d6137f02',
};

export const SERVICE_CATALOG: readonly CatalogOffering[] = [
  {
    id: '06b62ded-26a7-401c-be2b-50eb54c4d668',
    name: OFFERING,
    catalogId: '06b62ded-26a7-401c-be2b-50eb54c4d668',
    description: 'SAP Cloud ALM API: OAuth clients and service keys for the APIs of a Cloud ALM tenant.',
    bindable: true,
    tags: ['calm', 'cloud-alm'],
    plans: [
      {
        id: '0c27afd7-4288-4660-af77-d2eab68892cf',
        name: PLAN,
        catalogId: '0c27afd7-4288-4660-af77-d2eab68892cf',
        description: 'Access to the SAP Cloud ALM APIs with the scopes the instance parameters name.',
        free: true,
        bindable: true,
      },
    ],
  },
  {
    id: '23f69756-db72-4430-bbff-c38592d05082',
    name: SM_OFFERING,
    catalogId: '23f69756-db72-4430-bbff-c38592d05082',
    description: 'SAP Service Manager: manage the instances and bindings of the subaccount through its API.',
    bindable: true,
    tags: ['service-manager'],
    plans: SM_PLAN_NAMES.map((name) => ({
      id: SM_PLAN_IDS[name],
      name,
      catalogId: SM_PLAN_IDS[name],
      description: SM_PLANS[name].description,
      free: true,
      bindable: true,
    })),
  },
];

export interface PlanInCatalog {
  readonly offering: CatalogOffering;
  readonly plan: CatalogPlan;
}

const PLANS: readonly PlanInCatalog[] = SERVICE_CATALOG.flatMap((offering) =>
  offering.plans.map((plan) => ({ offering, plan })),
);

/** The plan with this id, with its offering; undefined when the catalog has none. */
export const findCatalogPlanById = (id: string): PlanInCatalog | undefined => PLANS.find((p) => p.plan.id === id);

/** The plan an offering and plan name give (how instances are stored: `offering`, `plan` columns). */
export const findCatalogPlan = (offeringName: string, planName: string): PlanInCatalog | undefined =>
  PLANS.find((p) => p.offering.name === offeringName && p.plan.name === planName);

export const allCatalogPlans = (): readonly PlanInCatalog[] => PLANS;
