/** SQL of tasks, their comments and references. Tenant first in every function (docs/ARCHITECTURE.md rule 5). */
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { CalmTaskCommentsTable, CalmTaskReferencesTable, CalmTasksTable, Executor } from '../store/index.js';

export type TaskRow = Selectable<CalmTasksTable> & {
  timebox_name: string | null;
  timebox_start_date: string | null;
  timebox_end_date: string | null;
};
export type CommentRow = Selectable<CalmTaskCommentsTable>;
export type ReferenceRow = Selectable<CalmTaskReferencesTable>;

/** The filters of `GET /tasks` that SQL applies; all but the project are optional. */
export interface TaskFilter {
  readonly projectId: string;
  readonly ids?: readonly string[];
  readonly type?: string;
  readonly status?: string;
  readonly subStatus?: string;
  readonly assigneeId?: string;
  /** Compare the date (YYYY-MM-DD) of the last change: gt, lt or eq. */
  readonly lastChanged?: { readonly op: 'gt' | 'lt' | 'eq'; readonly date: string };
  /** Compare the time (ISO-8601 UTC) of the last change. */
  readonly lastChangedAt?: { readonly op: 'gt' | 'lt' | 'eq'; readonly at: string };
  readonly offset: number;
  readonly limit: number;
}

function withTimebox(ex: Executor) {
  return ex
    .selectFrom('calm_tasks as t')
    .leftJoin('calm_project_timeboxes as b', (join) =>
      join.onRef('b.tenant_id', '=', 't.tenant_id').onRef('b.id', '=', 't.timebox_id'),
    )
    .selectAll('t')
    .select(['b.name as timebox_name', 'b.start_date as timebox_start_date', 'b.end_date as timebox_end_date']);
}

export function listTasks(ex: Executor, tenantId: string, filter: TaskFilter): Promise<TaskRow[]> {
  let q = withTimebox(ex).where('t.tenant_id', '=', tenantId).where('t.project_id', '=', filter.projectId);
  if (filter.ids && filter.ids.length > 0) q = q.where('t.id', 'in', filter.ids);
  if (filter.type) q = q.where('t.type', '=', filter.type);
  if (filter.status) q = q.where('t.status', '=', filter.status);
  if (filter.subStatus) q = q.where('t.sub_status', '=', filter.subStatus);
  if (filter.assigneeId) q = q.where('t.assignee_id', '=', filter.assigneeId);
  if (filter.lastChanged) {
    // timestamps are ISO-8601 UTC text: the day after `date` starts at `${date}T` + 1 day; compare on the day
    const { op, date } = filter.lastChanged;
    const dayStart = `${date}T00:00:00.000Z`;
    const nextDay = `${new Date(Date.parse(dayStart) + 86_400_000).toISOString().slice(0, 10)}T00:00:00.000Z`;
    if (op === 'gt') q = q.where('t.last_changed_at', '>=', nextDay);
    else if (op === 'lt') q = q.where('t.last_changed_at', '<', dayStart);
    else q = q.where('t.last_changed_at', '>=', dayStart).where('t.last_changed_at', '<', nextDay);
  }
  if (filter.lastChangedAt) {
    const { op, at } = filter.lastChangedAt;
    q = q.where('t.last_changed_at', op === 'gt' ? '>' : op === 'lt' ? '<' : '=', at);
  }
  return q.orderBy('t.created_at').orderBy('t.id').offset(filter.offset).limit(filter.limit).execute();
}

/** How many tasks each project of the tenant has (project id -> count). */
export async function countTasksByProject(ex: Executor, tenantId: string): Promise<Map<string, number>> {
  const rows = await ex
    .selectFrom('calm_tasks')
    .select(['project_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('tenant_id', '=', tenantId)
    .groupBy('project_id')
    .execute();
  return new Map(rows.map((row) => [row.project_id, Number(row.n)]));
}

export const findTask = (ex: Executor, tenantId: string, id: string): Promise<TaskRow | undefined> =>
  withTimebox(ex).where('t.tenant_id', '=', tenantId).where('t.id', '=', id).executeTakeFirst();

export const insertTask = (ex: Executor, row: Insertable<CalmTasksTable>) =>
  ex.insertInto('calm_tasks').values(row).execute();

export const updateTask = (ex: Executor, tenantId: string, id: string, change: Updateable<CalmTasksTable>) =>
  ex.updateTable('calm_tasks').set(change).where('tenant_id', '=', tenantId).where('id', '=', id).execute();

/** Removes a task with its comments and references (and detaches its sub-tasks); the caller holds a transaction. */
export async function deleteTask(ex: Executor, tenantId: string, id: string): Promise<void> {
  await ex.deleteFrom('calm_task_comments').where('tenant_id', '=', tenantId).where('task_id', '=', id).execute();
  await ex.deleteFrom('calm_task_references').where('tenant_id', '=', tenantId).where('task_id', '=', id).execute();
  await ex
    .updateTable('calm_tasks')
    .set({ parent_id: null })
    .where('tenant_id', '=', tenantId)
    .where('parent_id', '=', id)
    .execute();
  await ex.deleteFrom('calm_tasks').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

export const listComments = (ex: Executor, tenantId: string, taskId: string) =>
  ex
    .selectFrom('calm_task_comments')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('task_id', '=', taskId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();

export const insertComment = (ex: Executor, row: Insertable<CalmTaskCommentsTable>) =>
  ex.insertInto('calm_task_comments').values(row).execute();

export const listReferences = (ex: Executor, tenantId: string, taskId: string) =>
  ex
    .selectFrom('calm_task_references')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('task_id', '=', taskId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();

export const findReference = (ex: Executor, tenantId: string, id: string) =>
  ex
    .selectFrom('calm_task_references')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();

export const insertReference = (ex: Executor, row: Insertable<CalmTaskReferencesTable>) =>
  ex.insertInto('calm_task_references').values(row).execute();

export const updateReference = (
  ex: Executor,
  tenantId: string,
  id: string,
  change: Updateable<CalmTaskReferencesTable>,
) =>
  ex.updateTable('calm_task_references').set(change).where('tenant_id', '=', tenantId).where('id', '=', id).execute();

export const deleteReference = (ex: Executor, tenantId: string, id: string) =>
  ex.deleteFrom('calm_task_references').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
