/**
 * What callers of `/api/calm-tasks/v1` see: tasks, comments and references, with their response schemas (zod,
 * OpenAPI components). Field names and types are SAP's as its notebooks print them (README.md, "Sources"); a list
 * and a single task have the same fields, absent values are null.
 */
import { z } from 'zod';
import type { CommentRow, ReferenceRow, TaskRow } from './tasks.repo.js';

export const taskSchema = z
  .strictObject({
    id: z.string(),
    projectId: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    type: z.string().describe('CALMTASK, CALMUS (user story), CALMST (sub-task), CALMREQU, CALMDEF, CALMRISK, ...'),
    status: z
      .string()
      .describe('By type: CIPTKOPEN, CIPTKINP, CIPTKBLK, CIPTKCLOSE, CIPTKNO, ... (CIPUS* for stories)'),
    subStatus: z.string().nullable(),
    externalId: z.string().nullable(),
    dueDate: z.string().nullable().describe('YYYY-MM-DD'),
    priorityId: z.number().int().describe('10 very high, 20 high, 30 medium, 40 low'),
    assigneeId: z.string().nullable().describe('Usually the e-mail address of the user'),
    assigneeName: z.string().nullable(),
    parentId: z.string().nullable(),
    timeboxId: z.string().nullable(),
    timeboxName: z.string().nullable(),
    timeboxStartDate: z.string().nullable(),
    timeboxEndDate: z.string().nullable(),
    storyPoints: z.number().int().nullable(),
    obsolete: z.boolean(),
    lastChangedDate: z.string().describe('ISO-8601 UTC time of the last change'),
  })
  .meta({ id: 'CalmTask', description: 'A task of SAP Cloud ALM (CALM_TKM)' });
export const taskListSchema = z.array(taskSchema).meta({ id: 'CalmTaskList' });

export const commentSchema = z
  .strictObject({
    id: z.string(),
    taskId: z.string(),
    text: z.string(),
    createdAt: z.string(),
    createdBy: z.string().describe('The OAuth client (or user) that wrote it'),
  })
  .meta({ id: 'CalmTaskComment' });
export const commentListSchema = z.array(commentSchema).meta({ id: 'CalmTaskCommentList' });

export const referenceSchema = z
  .strictObject({ id: z.string(), taskId: z.string(), name: z.string(), url: z.string() })
  .meta({ id: 'CalmTaskReference', description: 'A URL attached to a task' });
export const referenceListSchema = z.array(referenceSchema).meta({ id: 'CalmTaskReferenceList' });

export type TaskView = z.output<typeof taskSchema>;
export type CommentView = z.output<typeof commentSchema>;
export type ReferenceView = z.output<typeof referenceSchema>;

export const taskView = (row: TaskRow): TaskView => ({
  id: row.id,
  projectId: row.project_id,
  title: row.title,
  description: row.description,
  type: row.type,
  status: row.status,
  subStatus: row.sub_status,
  externalId: row.external_id,
  dueDate: row.due_date,
  priorityId: row.priority_id,
  assigneeId: row.assignee_id,
  // calm-keys has no user directory of the tenant: SAP's notebook shows the e-mail as the name, so does calm-keys
  assigneeName: row.assignee_id,
  parentId: row.parent_id,
  timeboxId: row.timebox_id,
  timeboxName: row.timebox_name,
  timeboxStartDate: row.timebox_start_date,
  timeboxEndDate: row.timebox_end_date,
  storyPoints: row.story_points,
  obsolete: row.obsolete === 1,
  lastChangedDate: row.last_changed_at,
});

export const commentView = (row: CommentRow): CommentView => ({
  id: row.id,
  taskId: row.task_id,
  text: row.text,
  createdAt: row.created_at,
  createdBy: row.created_by,
});

export const referenceView = (row: ReferenceRow): ReferenceView => ({
  id: row.id,
  taskId: row.task_id,
  name: row.name,
  url: row.url,
});
