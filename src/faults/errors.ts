/**
 * Every error code of fault injection, in one typed catalogue (like landscape/errors.ts). A code is stable once
 * released. This file imports nothing (.dependency-cruiser.cjs, `error-catalogues-are-leaves`).
 */
export const FAULT_ERRORS = {
  not_found: 'faults.not_found',
  /** A fault whose fields do not fit together (a route on a target other than api, a status out of range, ...). */
  bad_fault: 'faults.bad_fault',
  /** At most MAX_FAULTS are active at once. */
  too_many: 'faults.too_many',
  /** The code of an injected error answer on the REST surfaces (the Cloud ALM API); never answered otherwise. */
  injected: 'faults.injected',
} as const;

export type FaultErrorCode = (typeof FAULT_ERRORS)[keyof typeof FAULT_ERRORS];
