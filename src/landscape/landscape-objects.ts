/**
 * Managed services and systems as other modules read them through ports (no person involved): the Cloud ALM
 * API's landscape read (`/api/calm-landscape/v1`) and the service status events. Every object has an LMS ID
 * here: the one Registration gave it, or, until then, one derived from its id, in the same shape (32 upper-case
 * hex digits) and stable, because Registration of an existing object keeps it (managed-objects.service.ts).
 */
import { randomHex } from '../crypto/index.js';
import type { Executor } from '../store/index.js';
import * as repo from './managed-objects.repo.js';

export interface LandscapeObjectRecord {
  readonly id: string;
  readonly kind: 'service' | 'system';
  readonly name: string;
  readonly objectType: string;
  readonly externalId: string | null;
  readonly lmsId: string;
  readonly source: string;
  readonly monitoringEnabled: boolean;
  readonly createdAt: string;
  readonly registeredAt: string | null;
  readonly lastPushAt: string | null;
}

/** A new LMS ID in the shape of a GUID without dashes, as an ABAP system shows it. */
export const newLmsId = (): string => randomHex(16).toUpperCase();

/** The LMS ID of an object: Registration's, or the object's id without dashes, upper case. */
export const stableLmsId = (row: { id: string; lms_id: string | null }): string =>
  row.lms_id ?? row.id.replace(/-/g, '').toUpperCase();

export async function listLandscapeObjects(ex: Executor, tenantId: string): Promise<LandscapeObjectRecord[]> {
  return (await repo.listObjects(ex, tenantId)).map((row) => ({
    id: row.id,
    kind: row.kind === 'system' ? 'system' : 'service',
    name: row.name,
    objectType: row.object_type,
    externalId: row.external_id,
    lmsId: stableLmsId(row),
    source: row.source,
    monitoringEnabled: row.monitoring_enabled === 1,
    createdAt: row.created_at,
    registeredAt: row.registered_at,
    lastPushAt: row.last_push_at,
  }));
}
