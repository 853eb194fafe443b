/**
 * `/api/calm-tasks/v1/tasks/{id}/comments` and `/references` (and `/tasks/references/{id}`): the comments and URL
 * references of a task of the caller's tenant. Bodies as SAP's notebook `calm-project-task-2022-02-updates.ipynb`
 * sends them: a comment `{"text"}`, a reference `{"name", "url"}`.
 */
import { z } from 'zod';
import { newId } from '../crypto/index.js';
import { notFound } from '../shared/index.js';
import { PROJECTS_ERRORS } from './errors.js';
import type { ApiCaller, ProjectsDeps } from './projects.deps.js';
import * as repo from './tasks.repo.js';
import { requireTask } from './tasks.service.js';
import { commentView, referenceView, type CommentView, type ReferenceView } from './tasks.view.js';

export const createCommentBody = z
  .object({ text: z.string().trim().min(1).max(100_000) })
  .meta({ id: 'CalmTaskCommentCreate' });

const url = z
  .url({ protocol: /^https?$/ })
  .max(2000)
  .describe('An http or https URL');
export const createReferenceBody = z
  .object({ name: z.string().trim().min(1).max(255), url })
  .meta({ id: 'CalmTaskReferenceCreate' });
export const changeReferenceBody = createReferenceBody.partial().meta({ id: 'CalmTaskReferenceChange' });

export function createTaskItemService(deps: Pick<ProjectsDeps, 'db' | 'clock'>) {
  const { db, clock } = deps;

  async function requireReference(tenantId: string, id: string) {
    const row = await repo.findReference(db, tenantId, id);
    if (!row) throw notFound(PROJECTS_ERRORS.reference_not_found, id);
    return row;
  }

  return {
    async comments(caller: ApiCaller, taskId: string): Promise<CommentView[]> {
      await requireTask(db, caller.tenantId, taskId);
      return (await repo.listComments(db, caller.tenantId, taskId)).map(commentView);
    },

    async addComment(
      caller: ApiCaller,
      taskId: string,
      body: z.output<typeof createCommentBody>,
    ): Promise<CommentView> {
      await requireTask(db, caller.tenantId, taskId);
      const row = {
        tenant_id: caller.tenantId,
        id: newId(),
        task_id: taskId,
        text: body.text,
        created_at: clock.now().toISOString(),
        created_by: caller.clientId,
      };
      await repo.insertComment(db, row);
      return commentView(row);
    },

    async references(caller: ApiCaller, taskId: string): Promise<ReferenceView[]> {
      await requireTask(db, caller.tenantId, taskId);
      return (await repo.listReferences(db, caller.tenantId, taskId)).map(referenceView);
    },

    async addReference(
      caller: ApiCaller,
      taskId: string,
      body: z.output<typeof createReferenceBody>,
    ): Promise<ReferenceView> {
      await requireTask(db, caller.tenantId, taskId);
      const row = {
        tenant_id: caller.tenantId,
        id: newId(),
        task_id: taskId,
        name: body.name,
        url: body.url,
        created_at: clock.now().toISOString(),
      };
      await repo.insertReference(db, row);
      return referenceView(row);
    },

    async changeReference(
      caller: ApiCaller,
      id: string,
      body: z.output<typeof changeReferenceBody>,
    ): Promise<ReferenceView> {
      const current = await requireReference(caller.tenantId, id);
      const change = {
        ...(body.name === undefined ? {} : { name: body.name }),
        ...(body.url === undefined ? {} : { url: body.url }),
      };
      if (Object.keys(change).length > 0) await repo.updateReference(db, caller.tenantId, id, change);
      return referenceView({ ...current, ...change });
    },

    async removeReference(caller: ApiCaller, id: string): Promise<void> {
      await requireReference(caller.tenantId, id);
      await repo.deleteReference(db, caller.tenantId, id);
    },
  };
}

export type TaskItemService = ReturnType<typeof createTaskItemService>;
