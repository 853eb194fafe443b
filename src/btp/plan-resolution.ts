/**
 * Which offering and plan a new instance is of, from what the caller gave: the offering and plan names (SAP's
 * btp CLI `--offering-name` and `--plan-name`), or neither (the "SAP Cloud ALM API" `standard` plan, as
 * before offerings existed here). An unknown name is 400 naming the field and the names there are.
 */
import { invalidInput } from '../shared/index.js';
import { OFFERING, PLAN } from './instance-context.js';
import { isSmPlanName, SM_OFFERING, SM_PLAN_NAMES, type SmPlanName } from './sm-plans.js';
import { BTP_ERRORS } from './errors.js';

export type ResolvedPlan =
  | { readonly offering: typeof OFFERING; readonly plan: typeof PLAN }
  | { readonly offering: typeof SM_OFFERING; readonly plan: SmPlanName };

const OFFERINGS = [OFFERING, SM_OFFERING] as const;

export function resolvePlanByName(input: { offeringName?: string; planName?: string }): ResolvedPlan {
  const offering = input.offeringName ?? OFFERING;
  if (offering === OFFERING) {
    if (input.planName !== undefined && input.planName !== PLAN)
      throw unknownPlan('service_plan_name', `"${OFFERING}" has the plan "${PLAN}" only.`);
    return { offering: OFFERING, plan: PLAN };
  }
  if (offering === SM_OFFERING) {
    if (input.planName === undefined || !isSmPlanName(input.planName))
      throw unknownPlan('service_plan_name', `"${SM_OFFERING}" has the plans ${SM_PLAN_NAMES.join(', ')}.`);
    return { offering: SM_OFFERING, plan: input.planName };
  }
  throw invalidInput(
    BTP_ERRORS.unknown_offering,
    `There is no offering "${offering}" in this subaccount; the offerings are ${OFFERINGS.join(', ')}.`,
    [{ path: 'service_offering_name', message: `one of ${OFFERINGS.join(', ')}` }],
  );
}

function unknownPlan(path: string, message: string) {
  return invalidInput(BTP_ERRORS.unknown_plan, `Unknown plan: ${message}`, [{ path, message: 'unknown plan' }]);
}
