/**
 * The demo tenant's project (src/main/demo-landscape.ts), written through the same services an API client uses,
 * so that the Projects page and `GET /api/calm-tasks/v1/tasks?projectId=` show something on a first start.
 */
import type { ApiCaller } from './projects.deps.js';
import type { ProjectService } from './projects.service.js';
import type { TaskItemService } from './task-items.service.js';
import type { TaskService } from './tasks.service.js';

/** The "client" the demo's rows name as their author. */
export const DEMO_CLIENT = 'calm-keys-demo';

export async function createDemoProject(
  services: { projects: ProjectService; tasks: TaskService; taskItems: TaskItemService },
  tenantId: string,
  today: Date,
): Promise<{ projectId: string }> {
  const caller: ApiCaller = { tenantId, clientId: DEMO_CLIENT };
  const day = (offset: number) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  const project = await services.projects.create(caller, {
    name: 'Demo S/4HANA Cloud Implementation',
    description: 'A project of the demo tenant; API clients see it at /api/calm-projects/v1/projects.',
  });
  const sprint = await services.projects.createTimebox(caller, project.id, {
    type: 2,
    name: 'Sprint 1',
    startDate: day(-7),
    endDate: day(7),
  });
  const task = (title: string, fields: Record<string, unknown> = {}) =>
    services.tasks.create(caller, { projectId: project.id, title, type: 'CALMTASK', ...fields });
  await task('Set up the project team', { status: 'CIPTKCLOSE', priorityId: 20, dueDate: day(-3) });
  const connect = await task('Connect the managed services to SAP Cloud ALM', {
    status: 'CIPTKINP',
    timeboxId: sprint.id,
    assigneeId: 'admin@example.com',
    dueDate: day(5),
  });
  await services.taskItems.addComment(caller, connect.id, { text: 'The service key is in Landscape Management.' });
  await services.taskItems.addReference(caller, connect.id, {
    name: 'SAP Cloud ALM API samples',
    url: 'https://github.com/SAP-samples/cloud-alm-api-examples',
  });
  const story = await services.tasks.create(caller, {
    projectId: project.id,
    title: 'As a project lead I see the rollout scope',
    type: 'CALMUS',
    storyPoints: 5,
    timeboxId: sprint.id,
  });
  await services.tasks.create(caller, {
    projectId: project.id,
    title: 'Collect the scope items',
    type: 'CALMST',
    parentId: story.id,
  });
  await task('Plan the data migration', { priorityId: 40 });
  return { projectId: project.id };
}
