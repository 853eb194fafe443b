/**
 * Service status events for people: any Landscape Management role of the tenant reads them
 * (`lm.landscape.view`); the Landscape Administrator, who manages the landscape objects they are on, creates,
 * changes and closes them (`lm.landscape.manage`; README.md, "Who may"). Every change is audited in its
 * transaction. Derived events are read only.
 */
import { createGuard, decide, toAuditActor, type Action, type Actor, type Resource } from '../access/index.js';
import { newId } from '../crypto/index.js';
import { LANDSCAPE_ERRORS } from '../landscape/errors.js';
import { conflict, DomainError, invalidInput, parseIsoTimestamp } from '../shared/index.js';
import { withTx } from '../store/index.js';
import { isDerivedId } from './derived-events.js';
import { STATUS_EVENT_ERRORS } from './errors.js';
import type { StatusEventDeps, StatusEventTenant } from './status-events.deps.js';
import { createStatusEventQuery } from './status-events.query.js';
import * as repo from './status-events.repo.js';
import { objectTypeOf, presentRow, type EventType, type StatusEventView } from './status-events.view.js';

export interface CreateStatusEvent {
  readonly objectId: string;
  readonly eventType: EventType;
  readonly title: string;
  readonly description?: string;
  readonly startTime?: string;
  readonly endTime?: string;
}

export interface ChangeStatusEvent {
  readonly eventType?: EventType;
  readonly title?: string;
  readonly description?: string;
  readonly startTime?: string;
  readonly endTime?: string | null;
}

const tenantNotFound = () =>
  new DomainError('not_found', LANDSCAPE_ERRORS.tenant_not_found, 'No such Cloud ALM tenant.');
const eventNotFound = (id: string) =>
  new DomainError('not_found', STATUS_EVENT_ERRORS.not_found, `No status event "${id}" in this tenant.`);

const resourceOf = (tenant: StatusEventTenant): Resource => ({ kind: 'tenant', ...tenant });

/** A time given by a person: strict ISO-8601 with an offset, stored as UTC. */
const isoTime = (text: string, path: string) =>
  new Date(parseIsoTimestamp(text, path, STATUS_EVENT_ERRORS.bad_time)).toISOString();

function checkOrder(start: string, end: string | null): void {
  if (end !== null && end < start)
    throw invalidInput(STATUS_EVENT_ERRORS.bad_time, 'endTime must not be before startTime.', [
      { path: 'endTime', message: 'before startTime' },
    ]);
}

export function createStatusEventService(deps: StatusEventDeps) {
  const { db, audit, clock } = deps;
  const guard = createGuard(deps);
  const reader = createStatusEventQuery(deps);
  const now = () => clock.now().toISOString();

  async function authorized(actor: Actor, tenantId: string, action: Action): Promise<StatusEventTenant> {
    const tenant = await deps.tenants.find(tenantId);
    if (!tenant) throw tenantNotFound();
    await guard(actor, action, resourceOf(tenant), { notFound: tenantNotFound });
    return tenant;
  }

  /** The recorded, still open event to change or close; a derived or closed one answers why not. */
  async function openEvent(tenantId: string, id: string): Promise<repo.StatusEventRow> {
    if (isDerivedId(id))
      throw conflict(
        STATUS_EVENT_ERRORS.derived,
        'This event is derived from the last push: it closes itself when data arrives again.',
      );
    const row = await repo.findEvent(db, tenantId, id);
    if (!row) throw eventNotFound(id);
    if (row.closed_at) throw conflict(STATUS_EVENT_ERRORS.not_open, `The event was closed at ${row.closed_at}.`);
    return row;
  }

  return {
    async list(actor: Actor, tenantId: string, query: { status?: 'open' | 'closed'; limit: number; offset: number }) {
      const tenant = await authorized(actor, tenantId, 'lm.landscape.view');
      return {
        tenantId: tenant.tenantId,
        noDataMinutes: reader.noDataMinutes,
        items: await reader.query(tenant.tenantId, query),
        actions: { manage: decide(actor, 'lm.landscape.manage', resourceOf(tenant)) === 'allow' },
      };
    },

    async create(actor: Actor, tenantId: string, input: CreateStatusEvent): Promise<StatusEventView> {
      const tenant = await authorized(actor, tenantId, 'lm.landscape.manage');
      const object = (await deps.objects.list(tenant.tenantId)).find((o) => o.id === input.objectId);
      if (!object)
        throw invalidInput(
          STATUS_EVENT_ERRORS.unknown_object,
          `No managed service or system "${input.objectId}" in this tenant.`,
          [{ path: 'objectId', message: 'not a managed service or system of this tenant' }],
        );
      const at = now();
      const start = input.startTime ? isoTime(input.startTime, 'startTime') : at;
      const end = input.endTime ? isoTime(input.endTime, 'endTime') : null;
      checkOrder(start, end);
      const row: repo.StatusEventRow = {
        id: newId(),
        tenant_id: tenant.tenantId,
        object_id: object.id,
        object_type: objectTypeOf(object.kind),
        service_name: object.name,
        service_type: object.objectType,
        lms_id: object.lmsId,
        event_type: input.eventType,
        title: input.title,
        description: input.description ?? '',
        start_time: start,
        end_time: end,
        created_at: at,
        created_by: actor.username,
        changed_at: at,
        changed_by: actor.username,
        closed_at: null,
        closed_by: null,
      };
      await withTx(db, async (tx) => {
        await repo.insertEvent(tx, row);
        await audit.record(tx, {
          action: 'lm.status_event.created',
          outcome: 'success',
          actor: toAuditActor(actor),
          tenantId: tenant.tenantId,
          targetId: row.id,
          details: { objectId: object.id, serviceName: object.name, eventType: row.event_type, title: row.title },
        });
      });
      return presentRow(row);
    },

    async change(actor: Actor, tenantId: string, id: string, input: ChangeStatusEvent): Promise<StatusEventView> {
      const tenant = await authorized(actor, tenantId, 'lm.landscape.manage');
      const row = await openEvent(tenant.tenantId, id);
      const start = input.startTime ? isoTime(input.startTime, 'startTime') : row.start_time;
      const end =
        input.endTime === undefined ? row.end_time : input.endTime === null ? null : isoTime(input.endTime, 'endTime');
      checkOrder(start, end);
      const changed: repo.StatusEventRow = {
        ...row,
        event_type: input.eventType ?? row.event_type,
        title: input.title ?? row.title,
        description: input.description ?? row.description,
        start_time: start,
        end_time: end,
        changed_at: now(),
        changed_by: actor.username,
      };
      const fields = Object.keys(input).filter((k) => input[k as keyof ChangeStatusEvent] !== undefined);
      await withTx(db, async (tx) => {
        const { id: _id, tenant_id: _tenant, ...values } = changed;
        if (!(await repo.updateOpenEvent(tx, tenant.tenantId, id, values)))
          throw conflict(STATUS_EVENT_ERRORS.not_open, 'The event was closed meanwhile.');
        await audit.record(tx, {
          action: 'lm.status_event.changed',
          outcome: 'success',
          actor: toAuditActor(actor),
          tenantId: tenant.tenantId,
          targetId: id,
          details: { serviceName: row.service_name, title: changed.title, fields },
        });
      });
      return presentRow(changed);
    },

    async close(actor: Actor, tenantId: string, id: string): Promise<StatusEventView> {
      const tenant = await authorized(actor, tenantId, 'lm.landscape.manage');
      const row = await openEvent(tenant.tenantId, id);
      const at = now();
      // a planned end still ahead becomes now; one already past stands (the event ended then)
      const end =
        row.end_time !== null && row.end_time <= at ? row.end_time : at < row.start_time ? row.start_time : at;
      const closed = { ...row, end_time: end, closed_at: at, closed_by: actor.username, changed_at: at };
      await withTx(db, async (tx) => {
        const values = {
          end_time: end,
          closed_at: at,
          closed_by: actor.username,
          changed_at: at,
          changed_by: actor.username,
        };
        if (!(await repo.updateOpenEvent(tx, tenant.tenantId, id, values)))
          throw conflict(STATUS_EVENT_ERRORS.not_open, 'The event was closed meanwhile.');
        await audit.record(tx, {
          action: 'lm.status_event.closed',
          outcome: 'success',
          actor: toAuditActor(actor),
          tenantId: tenant.tenantId,
          targetId: id,
          details: { serviceName: row.service_name, title: row.title, eventType: row.event_type },
        });
      });
      return presentRow(closed);
    },
  };
}

export type StatusEventService = ReturnType<typeof createStatusEventService>;
