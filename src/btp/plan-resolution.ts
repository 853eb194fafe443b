/**
 * Which offering and plan a new instance is of, from what the caller gave: a plan id of the catalog (SAP's
 * btp CLI `--plan`, the `/v1` API's `service_plan_id`), the offering and plan names (`--offering-name`,
 * `--plan-name`), or neither (the "SAP Cloud ALM API" `standard` plan, as before offerings existed here).
 * An offering with one plan needs no plan name. Anything unknown or contradictory is 400 naming the field.
 */
import { invalidInput } from '../shared/index.js';
import { findCatalogPlanById, SERVICE_CATALOG, type PlanInCatalog } from './catalog.js';
import { OFFERING, PLAN } from './instance-context.js';
import { isSmPlanName, SM_OFFERING, type SmPlanName } from './sm-plans.js';
import { BTP_ERRORS } from './errors.js';

export type ResolvedPlan =
  | { readonly offering: typeof OFFERING; readonly plan: typeof PLAN }
  | { readonly offering: typeof SM_OFFERING; readonly plan: SmPlanName };

export interface PlanChoice {
  readonly offeringName?: string | undefined;
  readonly planName?: string | undefined;
  readonly planId?: string | undefined;
}

export function resolvePlan(input: PlanChoice): ResolvedPlan {
  if (input.planId !== undefined) {
    const found = findCatalogPlanById(input.planId);
    if (!found) throw unknownPlan('service_plan_id', `there is no plan with id "${input.planId}".`);
    if (input.offeringName !== undefined && input.offeringName !== found.offering.name)
      throw unknownPlan('service_offering_name', `the plan ${input.planId} is of "${found.offering.name}".`);
    if (input.planName !== undefined && input.planName !== found.plan.name)
      throw unknownPlan('service_plan_name', `the plan ${input.planId} is "${found.plan.name}".`);
    return resolved(found);
  }
  const offeringName = input.offeringName ?? OFFERING;
  const offering = SERVICE_CATALOG.find((o) => o.name === offeringName);
  if (!offering) {
    const names = SERVICE_CATALOG.map((o) => o.name).join(', ');
    throw invalidInput(
      BTP_ERRORS.unknown_offering,
      `There is no offering "${offeringName}" in this subaccount; the offerings are ${names}.`,
      [{ path: 'service_offering_name', message: `one of ${names}` }],
    );
  }
  const plans = offering.plans.map((p) => p.name).join(', ');
  const plan =
    input.planName === undefined && offering.plans.length === 1
      ? offering.plans[0]
      : offering.plans.find((p) => p.name === input.planName);
  if (!plan) throw unknownPlan('service_plan_name', `"${offering.name}" has the plans ${plans}; name one.`);
  return resolved({ offering, plan });
}

/** The catalog entry as the instance services know it (an offering the code provisions). */
function resolved(found: PlanInCatalog): ResolvedPlan {
  const { offering, plan } = found;
  if (offering.name === OFFERING && plan.name === PLAN) return { offering: OFFERING, plan: PLAN };
  if (offering.name === SM_OFFERING && isSmPlanName(plan.name)) return { offering: SM_OFFERING, plan: plan.name };
  // a catalog entry without code behind it is a defect, not bad input
  throw new Error(`The catalog plan ${offering.name}/${plan.name} has no provisioning.`);
}

function unknownPlan(path: string, message: string) {
  return invalidInput(BTP_ERRORS.unknown_plan, `Unknown plan: ${message}`, [{ path, message: 'unknown plan' }]);
}
