/**
 * `/api/calm-tasks/v1/tasks`: list, read, create, change and delete tasks of the caller's tenant. A task of another
 * tenant is "not found". Bodies are read as SAP's notebooks send them: a PATCH may carry the whole task read
 * before (id, assigneeName, timeboxName, ...); fields a client cannot set are ignored, not refused.
 */
import { z } from 'zod';
import { newId } from '../crypto/index.js';
import { invalidInput, notFound, parseCalendarDate } from '../shared/index.js';
import { withTx, type Executor } from '../store/index.js';
import { PROJECTS_ERRORS } from './errors.js';
import type { ApiCaller, ProjectsDeps } from './projects.deps.js';
import * as projectsRepo from './projects.repo.js';
import { requireProject } from './projects.service.js';
import { CREATABLE_TYPES, DEFAULT_PRIORITY, initialStatus, isTaskType, STATUSES_BY_TYPE } from './task-codes.js';
import { readTaskListQuery, type TaskListQuery } from './tasks-query.js';
import * as repo from './tasks.repo.js';
import { taskView, type TaskView } from './tasks.view.js';

const nullableText = (max: number) => z.string().max(max).nullish();
const priority = z.union([z.literal(10), z.literal(20), z.literal(30), z.literal(40)]);

/** The fields a client may set; POST needs projectId, title and type (SAP's notebooks and kanban4calm). */
const changeFields = {
  title: z.string().trim().min(1).max(255),
  description: nullableText(100_000),
  status: z.string().min(1).max(20),
  subStatus: nullableText(40),
  priorityId: priority,
  dueDate: nullableText(20).describe('YYYY-MM-DD'),
  externalId: nullableText(255),
  assigneeId: nullableText(254),
  parentId: nullableText(100),
  timeboxId: nullableText(100),
  storyPoints: z.number().int().min(0).max(10_000).nullish(),
  obsolete: z.boolean(),
};
export const changeTaskBody = z.object(changeFields).partial().meta({ id: 'CalmTaskChange' });
export const createTaskBody = changeTaskBody
  .extend({ projectId: z.string().min(1).max(100), title: changeFields.title, type: z.string().min(1).max(20) })
  .meta({ id: 'CalmTaskCreate' });
export type ChangeTaskBody = z.output<typeof changeTaskBody>;
export type CreateTaskBody = z.output<typeof createTaskBody>;

export async function requireTask(ex: Executor, tenantId: string, id: string): Promise<repo.TaskRow> {
  const row = await repo.findTask(ex, tenantId, id);
  if (!row) throw notFound(PROJECTS_ERRORS.task_not_found, id);
  return row;
}

function checkStatus(type: string, status: string): void {
  const allowed = isTaskType(type) ? STATUSES_BY_TYPE[type] : [];
  if (!allowed.includes(status))
    throw invalidInput(
      PROJECTS_ERRORS.bad_status,
      `Status "${status}" is not one of a ${type} task: ${allowed.join(', ')}.`,
      [{ path: 'status', message: `expected one of ${allowed.join(', ')}` }],
    );
}

/** The references a task's body makes (parent, timebox) must be of the task's own project. */
async function checkLinks(ex: Executor, tenantId: string, projectId: string, type: string, body: ChangeTaskBody) {
  if (body.parentId) {
    const parent = await repo.findTask(ex, tenantId, body.parentId);
    if (!parent || parent.project_id !== projectId || parent.type === 'CALMST')
      throw invalidInput(
        PROJECTS_ERRORS.bad_parent,
        `parentId "${body.parentId}" is no task of this project that can hold sub-tasks.`,
        [{ path: 'parentId', message: 'no such parent task in this project' }],
      );
  } else if (type === 'CALMST' && body.parentId !== undefined)
    throw invalidInput(PROJECTS_ERRORS.bad_parent, 'A sub-task (CALMST) needs its parentId.', [
      { path: 'parentId', message: 'is required for a sub-task' },
    ]);
  if (body.timeboxId) {
    const timebox = await projectsRepo.findTimebox(ex, tenantId, body.timeboxId);
    if (!timebox || timebox.project_id !== projectId || timebox.closed === 1)
      throw invalidInput(
        PROJECTS_ERRORS.bad_timebox,
        `timeboxId "${body.timeboxId}" is no open timebox of this project.`,
        [{ path: 'timeboxId', message: 'no such open timebox in this project' }],
      );
  }
}

/** The columns a body sets (undefined: keep; null: clear). */
function columns(body: ChangeTaskBody) {
  const set = <K extends string, V>(key: K, value: V | undefined) =>
    (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;
  return {
    ...set('title', body.title),
    ...set('description', body.description),
    ...set('status', body.status),
    ...set('sub_status', body.subStatus),
    ...set('priority_id', body.priorityId),
    ...set(
      'due_date',
      // an empty date clears it, as null does
      body.dueDate
        ? parseCalendarDate(body.dueDate, 'dueDate', PROJECTS_ERRORS.bad_date)
        : body.dueDate === undefined
          ? undefined
          : null,
    ),
    ...set('external_id', body.externalId),
    ...set('assignee_id', body.assigneeId),
    ...set('parent_id', body.parentId),
    ...set('timebox_id', body.timeboxId),
    ...set('story_points', body.storyPoints),
    ...set('obsolete', body.obsolete === undefined ? undefined : body.obsolete ? 1 : 0),
  };
}

export function createTaskService(deps: Pick<ProjectsDeps, 'db' | 'clock'>) {
  const { db, clock } = deps;
  const now = () => clock.now().toISOString();

  return {
    async list(caller: ApiCaller, query: TaskListQuery): Promise<TaskView[]> {
      const filter = readTaskListQuery(query);
      await requireProject(db, caller.tenantId, filter.projectId);
      return (await repo.listTasks(db, caller.tenantId, filter)).map(taskView);
    },

    async get(caller: ApiCaller, id: string): Promise<TaskView> {
      return taskView(await requireTask(db, caller.tenantId, id));
    },

    async create(caller: ApiCaller, body: CreateTaskBody): Promise<TaskView> {
      const type = body.type;
      if (!(CREATABLE_TYPES as readonly string[]).includes(type))
        throw invalidInput(
          PROJECTS_ERRORS.bad_type,
          `Type "${type}" cannot be created through the API; use one of ${CREATABLE_TYPES.join(', ')}.`,
          [{ path: 'type', message: `expected one of ${CREATABLE_TYPES.join(', ')}` }],
        );
      await requireProject(db, caller.tenantId, body.projectId);
      const status = body.status ?? initialStatus(type as (typeof CREATABLE_TYPES)[number]);
      checkStatus(type, status);
      await checkLinks(db, caller.tenantId, body.projectId, type, { ...body, parentId: body.parentId ?? null });
      const at = now();
      const id = newId();
      await repo.insertTask(db, {
        tenant_id: caller.tenantId,
        id,
        project_id: body.projectId,
        type,
        priority_id: DEFAULT_PRIORITY,
        obsolete: 0,
        ...columns(body),
        title: body.title,
        status,
        created_at: at,
        created_by: caller.clientId,
        last_changed_at: at,
        last_changed_by: caller.clientId,
      });
      return taskView(await requireTask(db, caller.tenantId, id));
    },

    async change(caller: ApiCaller, id: string, body: ChangeTaskBody): Promise<TaskView> {
      const current = await requireTask(db, caller.tenantId, id);
      if (body.status !== undefined) checkStatus(current.type, body.status);
      const parentId = body.parentId === undefined ? undefined : body.parentId;
      if (parentId === id)
        throw invalidInput(PROJECTS_ERRORS.bad_parent, 'A task cannot be its own parent.', [
          { path: 'parentId', message: 'is the task itself' },
        ]);
      await checkLinks(db, caller.tenantId, current.project_id, current.type, body);
      await repo.updateTask(db, caller.tenantId, id, {
        ...columns(body),
        last_changed_at: now(),
        last_changed_by: caller.clientId,
      });
      return taskView(await requireTask(db, caller.tenantId, id));
    },

    async remove(caller: ApiCaller, id: string): Promise<void> {
      await requireTask(db, caller.tenantId, id);
      await withTx(db, (tx) => repo.deleteTask(tx, caller.tenantId, id));
    },
  };
}

export type TaskService = ReturnType<typeof createTaskService>;
