/**
 * The status of the key in the slot, as the SAP Cloud ALM Service Key table shows it: grey (unknown, never
 * tested), green (active: the last test passed), red (failed: the last test failed, or the binding was
 * deleted in BTP). The reasons are sentences for the person looking at the table.
 */
import type { Problem } from '../shared/index.js';

export type KeyStatus = 'unknown' | 'active' | 'failed';

export const KEY_STATUSES: readonly KeyStatus[] = ['unknown', 'active', 'failed'];

export function isKeyStatus(value: string): value is KeyStatus {
  return (KEY_STATUSES as readonly string[]).includes(value);
}

export const UNTESTED_REASON =
  'Not tested yet: use Test Service Key to check that this key can log on to the SAP Cloud ALM API.';

export function deletedInBtpReason(deletedAt: string): string {
  return (
    `The service key (binding) this copy came from was deleted in SAP BTP on ${deletedAt}; its credentials no longer work. ` +
    'Deleting in BTP does not delete the copy here: delete this key in Landscape Management too, then upload a current key.'
  );
}

/** Rule id of the dry run's warning that the file's binding was deleted in BTP (the real upload stores such a copy flagged red). */
export const WARN_DELETED_IN_BTP = 'W-deleted-in-btp';

/** The dry run's warning for a file whose binding BTP has deleted: not a refusal, as SAP stores such a copy too. */
export function deletedInBtpWarning(deletedAt: string): Problem {
  return {
    path: '$',
    rule: WARN_DELETED_IN_BTP,
    message:
      `The service key (binding) this file came from was deleted in SAP BTP on ${deletedAt}; its credentials no longer work. ` +
      'Uploading it would store a copy that is flagged red at once: create a new service key in BTP and upload that instead.',
  };
}

/**
 * The reason stored for a passed test: none, or what a passing step could not prove (e.g. a key with write
 * scopes only, whose read probe got 403). Still green: SAP's Test checks that the key can sign in, and it can.
 */
export function passedTestReason(warnings: readonly string[] | undefined): string | null {
  return warnings && warnings.length > 0 ? `Passed, with a warning: ${warnings.join('; ')}.` : null;
}

/** The reason stored for a failed test: the failed step's own sentence, plus the BTP deletion when we know of it. */
export function failedTestReason(step: string, detail: string, deletedInBtpAt: string | null): string {
  const base = `Test failed at step "${step}": ${detail}`;
  return deletedInBtpAt ? `${base}. ${deletedInBtpReason(deletedInBtpAt)}` : base;
}
