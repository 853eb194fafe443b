/**
 * Labels of Service Manager resources: what a create sets (`labels: {key: [values]}`) and what a PATCH
 * changes (`labels: [{op: "add"|"remove", key, values}]`, the Service Operator's `LabelChange`). `add` adds
 * values (a new key too), `remove` removes the values given or, with none, the key. SAP sets
 * `subaccount_id` itself; calm-keys refuses to change it.
 */
import { invalidInput } from '../shared/index.js';
import type { Executor } from '../store/index.js';
import * as smRepo from './sm-repo.js';
import type { SmLabels, SmResourceType } from './sm-repo.js';
import { BTP_ERRORS } from './errors.js';

export interface LabelChange {
  readonly op: 'add' | 'remove';
  readonly key: string;
  readonly values?: readonly string[] | undefined;
}

/** Label keys SAP's Service Manager sets itself. */
export const RESERVED_LABEL_KEYS: readonly string[] = ['subaccount_id'];

export function checkLabelKeys(keys: readonly string[], path: string): void {
  const reserved = keys.filter((k) => RESERVED_LABEL_KEYS.includes(k));
  if (reserved.length > 0)
    throw invalidInput(
      BTP_ERRORS.bad_parameters,
      `${path}: the label ${reserved.join(', ')} is set by the Service Manager and cannot be changed.`,
      reserved.map((k) => ({ path: `${path}.${k}`, message: 'set by the Service Manager' })),
    );
}

export async function applyLabelChanges(
  ex: Executor,
  subaccountId: string,
  type: SmResourceType,
  id: string,
  changes: readonly LabelChange[],
): Promise<void> {
  checkLabelKeys(
    changes.map((c) => c.key),
    'labels',
  );
  for (const change of changes) {
    const values = change.values ?? [];
    if (change.op === 'add') {
      if (values.length === 0)
        throw invalidInput(BTP_ERRORS.bad_parameters, `labels: "add" of ${change.key} needs at least one value.`, [
          { path: 'labels', message: 'add needs values' },
        ]);
      const labels: SmLabels = { [change.key]: [...values] };
      await smRepo.addLabels(ex, subaccountId, type, id, labels);
    } else await smRepo.removeLabel(ex, subaccountId, type, id, change.key, values);
  }
}
