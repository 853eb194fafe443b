/**
 * Labels of Service Manager resources: what a create sets (`labels: {key: [values]}`) and what a PATCH
 * changes (`labels: [{op: "add"|"remove", key, values}]`, the Service Operator's `LabelChange`). `add` adds
 * values (a new key too), `remove` removes the values given or, with none, the key. SAP sets
 * `subaccount_id` itself; calm-keys refuses to change it.
 *
 * Each resource's labels are capped (`LABEL_LIMITS`): a create or PATCH that would exceed a cap is 400 naming
 * it, before any operation starts, so that no caller grows the label table without bound. SAP publishes no
 * such limits; these are calm-keys' (README, "Labels").
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

/** Per resource: distinct keys, values of one key, and bytes of every key and value together (UTF-8). */
export const LABEL_LIMITS = { keys: 50, valuesPerKey: 100, bytes: 4096 } as const;

const tooMany = (message: string) =>
  invalidInput(BTP_ERRORS.bad_parameters, `labels: ${message}`, [{ path: 'labels', message }]);

/** 400 naming the limit when a resource's labels would exceed one of `LABEL_LIMITS`. */
export function checkLabelLimits(labels: Readonly<Record<string, readonly string[]>>): void {
  const entries = Object.entries(labels);
  if (entries.length > LABEL_LIMITS.keys)
    throw tooMany(`a resource has at most ${LABEL_LIMITS.keys} label keys (this change makes ${entries.length}).`);
  let bytes = 0;
  for (const [key, values] of entries) {
    const distinct = new Set(values);
    if (distinct.size > LABEL_LIMITS.valuesPerKey)
      throw tooMany(
        `the label ${key} has at most ${LABEL_LIMITS.valuesPerKey} values (this change makes ${distinct.size}).`,
      );
    bytes += Buffer.byteLength(key) + [...distinct].reduce((n, v) => n + Buffer.byteLength(v), 0);
  }
  if (bytes > LABEL_LIMITS.bytes)
    throw tooMany(
      `a resource's label keys and values take at most ${LABEL_LIMITS.bytes} bytes (this change makes ${bytes}).`,
    );
}

/** The labels of a create: no reserved key, within the limits. */
export function checkLabels(labels: Readonly<Record<string, readonly string[]>> | undefined, path: string): void {
  checkLabelKeys(Object.keys(labels ?? {}), path);
  checkLabelLimits(labels ?? {});
}

/** The labels after these changes, as applyLabelChanges makes them. */
export function withChanges(current: SmLabels, changes: readonly LabelChange[]): SmLabels {
  const out = new Map(Object.entries(current).map(([k, v]) => [k, new Set(v)] as const));
  for (const change of changes) {
    const values = change.values ?? [];
    if (change.op === 'add') {
      const set = out.get(change.key) ?? new Set<string>();
      for (const v of values) set.add(v);
      out.set(change.key, set);
    } else if (values.length === 0) out.delete(change.key);
    else {
      const set = out.get(change.key);
      for (const v of values) set?.delete(v);
      if (set?.size === 0) out.delete(change.key);
    }
  }
  return Object.fromEntries([...out].map(([k, v]) => [k, [...v]]));
}

/** 400 before the operation starts when a PATCH's label changes are refused (reserved key, a limit). */
export async function checkLabelChanges(
  ex: Executor,
  subaccountId: string,
  type: SmResourceType,
  id: string,
  changes: readonly LabelChange[],
): Promise<void> {
  if (changes.length === 0) return;
  checkLabelKeys(
    changes.map((c) => c.key),
    'labels',
  );
  const current = (await smRepo.labelsOf(ex, [subaccountId], type, [id])).get(id) ?? {};
  checkLabelLimits(withChanges(current, changes));
}

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
  // checked again inside the change's transaction: the answer's check ran before the operation
  await checkLabelChanges(ex, subaccountId, type, id, changes);
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
