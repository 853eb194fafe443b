/**
 * Managed services and systems of Landscape Management. They connect to the Cloud ALM API with the tenant's
 * one stored key ("use the same key for all managed services"); calm-keys shows, per object, the key they
 * use and what was observed: the last push received and with which client id. Monitoring never starts by
 * itself: the API accepts pushes only for objects whose monitoring is enabled here.
 */
import { decide, toAuditActor, type Actor } from '../access/index.js';
import { newId } from '../crypto/index.js';
import {
  conflict,
  createReadCache,
  createWriteCoalescer,
  DomainError,
  invalidInput,
  timeWindow,
  type WindowQuery,
} from '../shared/index.js';
import { isUniqueViolation, withTx } from '../store/index.js';
import type { LandscapeDeps, MetricPoint } from './landscape.deps.js';
import { listLandscapeObjects, newLmsId, stableLmsId, type LandscapeObjectRecord } from './landscape-objects.js';
import * as repo from './managed-objects.repo.js';
import { authorizedTenant, tenantResource } from './slot.access.js';
import * as slotRepo from './slot.repo.js';
import { LANDSCAPE_ERRORS, METRICS_ERROR_PREFIX } from './errors.js';

export type ManagedObjectKind = 'service' | 'system';

export interface ManagedObjectView {
  readonly id: string;
  readonly kind: ManagedObjectKind;
  readonly name: string;
  readonly objectType: string;
  readonly externalId: string | null;
  readonly lmsId: string | null;
  readonly monitoringEnabled: boolean;
  readonly source: string;
  readonly createdAt: string;
  readonly registeredAt: string | null;
  readonly lastPush: { readonly at: string; readonly clientId: string; readonly withTenantKey: boolean } | null;
}

const NAME = /^[\p{L}\p{N} ._()/-]{1,80}$/u;

const notFound = (id: string) =>
  new DomainError(
    'not_found',
    LANDSCAPE_ERRORS.managed_object_not_found,
    `No managed service or system "${id}" in this tenant.`,
  );

function view(row: repo.ManagedObjectRow, keyClientId: string | undefined): ManagedObjectView {
  return {
    id: row.id,
    kind: row.kind === 'system' ? 'system' : 'service',
    name: row.name,
    objectType: row.object_type,
    externalId: row.external_id,
    lmsId: row.lms_id,
    monitoringEnabled: row.monitoring_enabled === 1,
    source: row.source,
    createdAt: row.created_at,
    registeredAt: row.registered_at,
    lastPush: row.last_push_at
      ? {
          at: row.last_push_at,
          clientId: row.last_push_client_id ?? '',
          withTenantKey: row.last_push_client_id === keyClientId,
        }
      : null,
  };
}

/** What the metrics chart of one managed object reads: its points in the window, and the metric names among them. */
export interface ManagedObjectMetrics {
  readonly tenantId: string;
  readonly id: string;
  readonly name: string;
  readonly from: string;
  readonly to: string;
  readonly metrics: readonly string[];
  readonly points: readonly MetricPoint[];
  /** True when the limit cut the answer short (ask for a shorter window or fewer metrics). */
  readonly truncated: boolean;
}

/** Points one chart read returns at most. */
export const MAX_METRIC_POINTS = 5_000;

/** How stale a managed object's "last push" may be, and how many (object, client) pairs are tracked for it. */
const PUSH_WRITE_EVERY_MS = 5_000;
const PUSH_TRACKED = 100_000;

/**
 * The Cloud ALM API looks the managed object of every push up (`registry.findService`, ~4% of an ingest's CPU in
 * the issue 15 profile): it is served from memory for SERVICE_CACHE_TTL_MS after the read that found it, so a
 * change another process commits (monitoring turned off, a deletion) counts here within that; one made by this
 * service counts at once (it forgets the object after its commit). An id that names nothing is read every time
 * and never held, so ids a client makes up take no memory; at most SERVICE_CACHE_MAX_ENTRIES objects are held.
 */
export const SERVICE_CACHE_TTL_MS = 1000;
export const SERVICE_CACHE_MAX_ENTRIES = 10_000;

type ServiceFacts = { id: string; name: string; monitoringEnabled: boolean };

export function createManagedObjectService(
  deps: LandscapeDeps,
  /** The lookup cache of `findService` (tests move its clock); SERVICE_CACHE_* when absent. */
  serviceCache: { ttlMs?: number; maxEntries?: number; now?: () => number } = {},
) {
  const { db, audit, clock } = deps;
  const now = () => clock.now().toISOString();
  const pushWrites = createWriteCoalescer(PUSH_WRITE_EVERY_MS, PUSH_TRACKED);
  const services = createReadCache<Readonly<ServiceFacts>>({
    ttlMs: serviceCache.ttlMs ?? SERVICE_CACHE_TTL_MS,
    maxEntries: serviceCache.maxEntries ?? SERVICE_CACHE_MAX_ENTRIES,
    ...(serviceCache.now ? { now: serviceCache.now } : {}),
  });
  const serviceKey = (tenantId: string, id: string) => `${tenantId}\u0000${id}`;

  return {
    async list(actor: Actor, tenantId: string) {
      const tenant = await authorizedTenant(deps, actor, tenantId, 'lm.landscape.view');
      const key = await slotRepo.findKey(db, tenant.tenantId);
      const items = (await repo.listObjects(db, tenant.tenantId)).map((row) => view(row, key?.client_id));
      return {
        tenantId: tenant.tenantId,
        // the one key every managed object connects with
        serviceKey: key
          ? {
              name: key.name,
              clientId: key.client_id,
              status: key.status,
              deletedInBtp: key.deleted_in_btp_at !== null,
            }
          : null,
        items,
        // what the caller may do here, so that a UI offers exactly that (as the slot view's actions)
        actions: {
          manage: decide(actor, 'lm.landscape.manage', tenantResource(tenant)) === 'allow',
          serviceKey: decide(actor, 'lm.service_key.view', tenantResource(tenant)) === 'allow',
        },
      };
    },

    async create(
      actor: Actor,
      tenantId: string,
      input: { kind: ManagedObjectKind; name: string; objectType: string; externalId?: string },
    ) {
      const tenant = await authorizedTenant(deps, actor, tenantId, 'lm.landscape.manage');
      if (!NAME.test(input.name))
        throw invalidInput(
          LANDSCAPE_ERRORS.managed_object_bad_name,
          'A name has 1 to 80 letters, digits, spaces or . _ ( ) / -.',
          [{ path: 'name', message: 'letters, digits, spaces, . _ ( ) / - (1 to 80)' }],
        );
      const row: repo.ManagedObjectRow = {
        id: newId(),
        tenant_id: tenant.tenantId,
        kind: input.kind,
        name: input.name,
        object_type: input.objectType,
        external_id: input.externalId ?? null,
        lms_id: null,
        monitoring_enabled: 0,
        source: 'manual',
        created_at: now(),
        registered_at: null,
        last_push_at: null,
        last_push_client_id: null,
      };
      try {
        await withTx(db, async (tx) => {
          await repo.insertObject(tx, row);
          await audit.record(tx, {
            action: 'lm.managed_object.created',
            outcome: 'success',
            actor: toAuditActor(actor),
            tenantId: tenant.tenantId,
            targetId: row.id,
            details: { name: row.name, kind: row.kind, objectType: row.object_type },
          });
        });
      } catch (error) {
        if (isUniqueViolation(error))
          throw conflict(
            LANDSCAPE_ERRORS.managed_object_exists,
            `A managed object with external id "${input.externalId}" exists in this tenant already.`,
          );
        throw error;
      }
      return view(row, undefined);
    },

    async setMonitoring(actor: Actor, tenantId: string, id: string, enabled: boolean) {
      const tenant = await authorizedTenant(deps, actor, tenantId, 'lm.landscape.manage');
      const row = await repo.findObject(db, tenant.tenantId, id);
      if (!row) throw notFound(id);
      await withTx(db, async (tx) => {
        await repo.setMonitoring(tx, tenant.tenantId, id, enabled);
        await audit.record(tx, {
          action: 'lm.managed_object.monitoring_changed',
          outcome: 'success',
          actor: toAuditActor(actor),
          tenantId: tenant.tenantId,
          targetId: id,
          details: { name: row.name, enabled },
        });
      });
      // committed: the next push reads the object again (other processes within SERVICE_CACHE_TTL_MS)
      services.forget(serviceKey(tenant.tenantId, id));
      return view({ ...row, monitoring_enabled: enabled ? 1 : 0 }, undefined);
    },

    /**
     * Pushed metrics of one managed service or system for people (the chart): any Landscape Management role
     * of the tenant may read them, as it may list the objects. `metrics` narrows to some metric names.
     */
    async metrics(
      actor: Actor,
      tenantId: string,
      id: string,
      query: WindowQuery & { metrics?: readonly string[]; limit?: number },
    ): Promise<ManagedObjectMetrics> {
      const tenant = await authorizedTenant(deps, actor, tenantId, 'lm.landscape.view');
      const row = await repo.findObject(db, tenant.tenantId, id);
      if (!row) throw notFound(id);
      if (!deps.telemetry)
        throw new DomainError(
          'unavailable',
          LANDSCAPE_ERRORS.metrics_unavailable,
          'Pushed metrics cannot be read in this deployment.',
        );
      const range = timeWindow(query, clock.now(), METRICS_ERROR_PREFIX);
      const limit = Math.min(query.limit ?? MAX_METRIC_POINTS, MAX_METRIC_POINTS);
      const names = query.metrics && query.metrics.length > 0 ? query.metrics : undefined;
      const points = await deps.telemetry.readMetrics(tenant.tenantId, row.id, {
        ...range,
        limit,
        ...(names ? { metrics: names } : {}),
      });
      return {
        tenantId: tenant.tenantId,
        id: row.id,
        name: row.name,
        ...range,
        metrics: [...new Set(points.map((p) => p.name))].sort(),
        points,
        truncated: points.length >= limit,
      };
    },

    /**
     * The port the Cloud ALM API uses (no person involved: the caller is a client with a verified token).
     * Registration is idempotent by external id: a system that registers again gets its LMS ID back.
     */
    registry: {
      /** From memory within SERVICE_CACHE_TTL_MS of the read that found it; an unknown id is read every time. */
      findService(tenantId: string, id: string): Promise<Readonly<ServiceFacts> | undefined> {
        return services.get(serviceKey(tenantId, id), async () => {
          const row = await repo.findObject(db, tenantId, id);
          return row
            ? Object.freeze({ id: row.id, name: row.name, monitoringEnabled: row.monitoring_enabled === 1 })
            : undefined;
        });
      },

      listObjects: (tenantId: string): Promise<LandscapeObjectRecord[]> => listLandscapeObjects(db, tenantId),
      /**
       * Observed use, written at most once per PUSH_WRITE_EVERY_MS per object and client id: a collector pushing
       * many times a second otherwise paid a second commit per push (issue 15 profile). The time shown can be
       * up to that much older than the last push; a push with another client id is written at once.
       */
      async recordPush(tenantId: string, id: string, clientId: string): Promise<void> {
        const at = clock.now().getTime();
        const key = `${tenantId}\u0000${id}\u0000${clientId}`;
        if (!pushWrites.due(key, at)) return;
        try {
          await repo.recordPush(db, tenantId, id, new Date(at).toISOString(), clientId);
        } catch (error) {
          pushWrites.forget(key);
          throw error;
        }
      },

      async registerSystem(
        tenantId: string,
        input: { externalId: string; name: string; objectType: string; clientId: string },
      ): Promise<{ id: string; lmsId: string; created: boolean }> {
        for (let attempt = 0; attempt < 2; attempt += 1) {
          const existing = await repo.findByExternalId(db, tenantId, input.externalId);
          if (existing?.lms_id) return { id: existing.id, lmsId: existing.lms_id, created: false };
          // an object listed before it registered keeps the LMS ID clients saw (landscape-objects.ts)
          const lmsId = existing ? stableLmsId(existing) : newLmsId();
          const at = now();
          try {
            const id = await withTx(db, async (tx) => {
              let objectId = existing?.id;
              if (objectId) {
                // another registration of the same system may have set its LMS ID since the read: theirs stands
                if (!(await repo.markRegistered(tx, tenantId, objectId, { lms_id: lmsId, registered_at: at })))
                  return undefined;
              } else {
                objectId = newId();
                await repo.insertObject(tx, {
                  id: objectId,
                  tenant_id: tenantId,
                  kind: 'system',
                  name: input.name,
                  object_type: input.objectType,
                  external_id: input.externalId,
                  lms_id: lmsId,
                  monitoring_enabled: 0,
                  source: 'registration',
                  created_at: at,
                  registered_at: at,
                  last_push_at: null,
                  last_push_client_id: null,
                });
              }
              await audit.record(tx, {
                action: 'lm.managed_object.registered',
                outcome: 'success',
                actor: { type: 'client', id: input.clientId, name: input.clientId },
                tenantId,
                targetId: objectId,
                details: {
                  name: input.name,
                  externalId: input.externalId,
                  lmsId,
                  clientId: input.clientId,
                  firstTime: !existing,
                },
              });
              return objectId;
            });
            if (id !== undefined) return { id, lmsId, created: true };
          } catch (error) {
            // two registrations of the same system at once: the second reads the first one's LMS ID
            if (!isUniqueViolation(error)) throw error;
          }
        }
        const winner = await repo.findByExternalId(db, tenantId, input.externalId);
        return { id: winner!.id, lmsId: winner!.lms_id ?? '', created: false };
      },
    },
  };
}

export type ManagedObjectService = ReturnType<typeof createManagedObjectService>;
export type ManagedObjectRegistry = ManagedObjectService['registry'];
