/**
 * What the slot looks like to a caller: the key with `clientsecret` (and `key`) masked, its status, who put it
 * there, and which actions the caller's roles allow (so that a UI offers only those). Never holds a secret.
 */
import { decide, type Action, type Actor, type Resource } from '../access/index.js';
import type { KeyTestResult } from '../key-test/index.js';
import { redactServiceKey, type JsonObject, type ServiceKeySummary } from '../service-key/index.js';
import type { Problem } from '../shared/index.js';
import type { SlotRow } from './slot.repo.js';
import { deletedInBtpReason, UNTESTED_REASON, type KeyStatus } from './status.js';

export interface LastTest {
  readonly at: string;
  readonly by: string;
  readonly result: KeyTestResult;
}

export interface SlotKeyView {
  readonly id: string;
  readonly name: string;
  readonly source: 'uploaded' | 'provisioned';
  readonly fileName: string | null;
  readonly sizeBytes: number;
  readonly uploadedBy: string;
  readonly uploadedAt: string;
  readonly status: { readonly value: KeyStatus; readonly reason: string | null; readonly at: string | null };
  readonly deletedInBtp: { readonly at: string; readonly message: string } | null;
  readonly lastTest: LastTest | null;
  /** What was observed of this key in use: the last token issued for it, the last push made with its client id. */
  readonly observedUse: ObservedUse;
  readonly warnings: readonly Problem[];
  readonly summary: ServiceKeySummary;
  /** The key JSON with every secret field masked. */
  readonly content: unknown;
}

export interface ObservedUse {
  readonly lastTokenAt: string | null;
  readonly lastPush: { readonly at: string; readonly to: string } | null;
}

export type SlotActions = Record<'view' | 'download' | 'test' | 'reveal' | 'upload' | 'delete', boolean>;

export interface SlotView {
  readonly tenantId: string;
  readonly tenantName: string;
  readonly identityZone: string;
  readonly slot: 'empty' | 'filled';
  readonly key: SlotKeyView | null;
  readonly actions: SlotActions;
}

const ACTIONS: Record<keyof SlotActions, Action> = {
  view: 'lm.service_key.view',
  download: 'lm.service_key.download',
  test: 'lm.service_key.test',
  reveal: 'lm.service_key.reveal',
  upload: 'lm.service_key.upload',
  delete: 'lm.service_key.delete',
};

export function allowedActions(actor: Actor, resource: Resource, filled: boolean): SlotActions {
  const may = (name: keyof SlotActions) => decide(actor, ACTIONS[name], resource) === 'allow';
  return {
    view: may('view'),
    // the key actions need a key; `+` (upload) is offered only while the slot is empty, as in SAP
    download: filled && may('download'),
    test: filled && may('test'),
    reveal: filled && may('reveal'),
    upload: !filled && may('upload'),
    delete: filled && may('delete'),
  };
}

export function keyView(row: SlotRow, document: JsonObject, observedUse: ObservedUse): SlotKeyView {
  const status = row.status as KeyStatus;
  return {
    id: row.id,
    name: row.name,
    source: row.source === 'provisioned' ? 'provisioned' : 'uploaded',
    fileName: row.file_name,
    sizeBytes: row.size_bytes,
    uploadedBy: row.uploaded_by_name,
    uploadedAt: row.uploaded_at,
    status: { value: status, reason: status === 'unknown' ? UNTESTED_REASON : row.status_reason, at: row.status_at },
    deletedInBtp: row.deleted_in_btp_at ? { at: row.deleted_in_btp_at, message: deletedInBtpReason(row.deleted_in_btp_at) } : null,
    lastTest: row.last_test ? (JSON.parse(row.last_test) as LastTest) : null,
    observedUse,
    warnings: JSON.parse(row.warnings) as Problem[],
    summary: JSON.parse(row.summary) as ServiceKeySummary,
    content: redactServiceKey(document),
  };
}
