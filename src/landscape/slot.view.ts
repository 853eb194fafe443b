/**
 * What the slot looks like to a caller: the key with `clientsecret` (and `key`) masked, its status, who put it
 * there, and which actions the caller's roles allow (so that a UI offers only those). Never holds a secret.
 */
import { z } from 'zod';
import { decide, type Action, type Actor, type Resource } from '../access/index.js';
import type { KeyTestResult } from '../key-test/index.js';
import { redactServiceKey, type JsonObject, type ServiceKeySummary } from '../service-key/index.js';
import type { Problem } from '../shared/index.js';
import type { SlotRow } from './slot.repo.js';
import { deletedInBtpReason, UNTESTED_REASON, type KeyStatus } from './status.js';
import { slotRotationSummarySchema, type SlotRotationSummary } from './rotation.view.js';
import {
  slotCertificateExpiry,
  slotCertificateExpirySchema,
  type SlotCertificateExpiry,
} from './certificate-expiry.view.js';

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
  /** When the key's X.509 certificate ends (warning within 30 days, critical within 7); null without one. */
  readonly certificateExpiry: SlotCertificateExpiry | null;
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
  /** A staged rotation running on the slot (a calm-keys extension to SAP's one key): its pending or previous key, masked. */
  readonly rotation?: SlotRotationSummary;
}

const ACTIONS: Record<keyof SlotActions, Action> = {
  view: 'lm.service_key.view',
  download: 'lm.service_key.download',
  test: 'lm.service_key.test',
  reveal: 'lm.service_key.reveal',
  upload: 'lm.service_key.upload',
  delete: 'lm.service_key.delete',
};

/**
 * `uploadToRotation`: a staged rotation of a key this BTP did not issue waits for the new key's upload, which goes
 * to the pending place beside the current key (slot-upload.ts), so `+` is offered although the slot is filled.
 */
export function allowedActions(
  actor: Actor,
  resource: Resource,
  filled: boolean,
  options: { readonly uploadToRotation?: boolean } = {},
): SlotActions {
  const may = (name: keyof SlotActions) => decide(actor, ACTIONS[name], resource) === 'allow';
  return {
    view: may('view'),
    // the key actions need a key; `+` (upload) is offered only while the slot is empty, as in SAP, or while a
    // manual rotation waits for the new key
    download: filled && may('download'),
    test: filled && may('test'),
    reveal: filled && may('reveal'),
    upload: (!filled || options.uploadToRotation === true) && may('upload'),
    delete: filled && may('delete'),
  };
}

export function keyView(row: SlotRow, document: JsonObject, observedUse: ObservedUse, now: Date): SlotKeyView {
  const status = row.status as KeyStatus;
  const summary = JSON.parse(row.summary) as ServiceKeySummary;
  return {
    id: row.id,
    name: row.name,
    source: row.source === 'provisioned' ? 'provisioned' : 'uploaded',
    fileName: row.file_name,
    sizeBytes: row.size_bytes,
    uploadedBy: row.uploaded_by_name,
    uploadedAt: row.uploaded_at,
    status: { value: status, reason: status === 'unknown' ? UNTESTED_REASON : row.status_reason, at: row.status_at },
    deletedInBtp: row.deleted_in_btp_at
      ? { at: row.deleted_in_btp_at, message: deletedInBtpReason(row.deleted_in_btp_at) }
      : null,
    lastTest: row.last_test ? (JSON.parse(row.last_test) as LastTest) : null,
    observedUse,
    warnings: JSON.parse(row.warnings) as Problem[],
    summary,
    certificateExpiry: slotCertificateExpiry(summary, now),
    content: redactServiceKey(document),
  };
}

// The answers of the slot's REST API as zod schemas (OpenAPI components, the server tests' response check).

const problem = z.strictObject({ path: z.string(), rule: z.string().optional(), message: z.string() });
const keyStatus = z.enum(['unknown', 'active', 'failed'] satisfies KeyStatus[]);

export const keyTestResultSchema = z
  .strictObject({
    ok: z.boolean().describe('True when every step that ran passed'),
    steps: z.array(
      z.strictObject({
        id: z.enum(['token', 'jwt-signature', 'jwt-claims', 'api']),
        status: z.enum(['passed', 'failed', 'skipped']),
        detail: z.string(),
        warning: z.string().optional(),
        durationMs: z.number(),
      }),
    ),
    failedStep: z.enum(['token', 'jwt-signature', 'jwt-claims', 'api']).optional(),
    reason: z.string().optional(),
    warnings: z.array(z.string()).optional(),
    summary: z.string(),
  })
  .meta({ id: 'KeyTestResult' });

const certificateSummary = z.strictObject({
  subject: z.string(),
  issuer: z.string(),
  serialNumber: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  fingerprintSha256: z.string(),
  subjectAltNames: z.array(z.string()),
  expired: z.boolean(),
  notYetValid: z.boolean(),
});

export const serviceKeySummarySchema = z
  .strictObject({
    clientId: z.string().optional(),
    identityZone: z.string().optional(),
    identityZoneId: z.string().optional(),
    subaccountId: z.string().optional(),
    serviceInstanceId: z.string().optional(),
    credentialType: z.string().optional(),
    tokenUrl: z.string().optional(),
    certTokenUrl: z.string().optional(),
    apiUrl: z.string().optional(),
    uaaDomain: z.string().optional(),
    xsappname: z.string().optional(),
    hasClientSecret: z.boolean(),
    certificates: z.array(certificateSummary).optional(),
    certificateError: z.string().optional(),
  })
  .meta({ id: 'ServiceKeySummary' });

export const slotKeyViewSchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    source: z.enum(['uploaded', 'provisioned']),
    fileName: z.string().nullable(),
    sizeBytes: z.number().int(),
    uploadedBy: z.string(),
    uploadedAt: z.string(),
    status: z.strictObject({ value: keyStatus, reason: z.string().nullable(), at: z.string().nullable() }),
    deletedInBtp: z.strictObject({ at: z.string(), message: z.string() }).nullable(),
    lastTest: z.strictObject({ at: z.string(), by: z.string(), result: keyTestResultSchema }).nullable(),
    observedUse: z.strictObject({
      lastTokenAt: z.string().nullable(),
      lastPush: z.strictObject({ at: z.string(), to: z.string() }).nullable(),
    }),
    warnings: z.array(problem),
    summary: serviceKeySummarySchema,
    certificateExpiry: slotCertificateExpirySchema,
    content: z.unknown().describe('The key JSON with every secret field masked'),
  })
  .meta({ id: 'SlotKeyView' });

const flag = z.boolean();
export const slotViewSchema = z
  .strictObject({
    tenantId: z.string(),
    tenantName: z.string(),
    identityZone: z.string(),
    slot: z.enum(['empty', 'filled']),
    key: slotKeyViewSchema.nullable(),
    rotation: slotRotationSummarySchema.optional(),
    actions: z
      .strictObject({ view: flag, download: flag, test: flag, reveal: flag, upload: flag, delete: flag })
      .describe('What the caller may do now: a UI offers only these'),
  })
  .meta({ id: 'SlotView' });

export const uploadedSlotSchema = slotViewSchema.extend({ warnings: z.array(problem) }).meta({ id: 'UploadedSlot' });
export const uploadCheckSchema = z
  .strictObject({ valid: z.boolean(), errors: z.array(problem), warnings: z.array(problem) })
  .meta({ id: 'UploadCheck', description: 'The format check of a dry run; nothing stored' });

export const revealedKeySchema = z
  .strictObject({ name: z.string(), content: z.string().describe('The key file as uploaded, with its secret') })
  .meta({ id: 'RevealedKey' });

export const keyTestOutcomeSchema = z
  .strictObject({
    status: keyStatus,
    reason: z.string().nullable(),
    at: z.string(),
    result: keyTestResultSchema,
    recorded: z.boolean().describe('False when the slot changed while the test ran'),
  })
  .meta({ id: 'KeyTestOutcome' });

export const lmTenantListSchema = z
  .strictObject({
    num_items: z.number().int(),
    items: z.array(
      z.strictObject({
        tenantId: z.string(),
        name: z.string(),
        identityZone: z.string(),
        roles: z.array(z.string()),
        slot: z.enum(['empty', 'filled']),
        status: keyStatus.optional(),
        deletedInBtp: z.boolean().optional(),
      }),
    ),
  })
  .meta({ id: 'LmTenantList' });
