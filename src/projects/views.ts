/** The schemas routes declare (responses and request bodies), as one namespace `projectsViews` (index.ts). */
export * from './projects.view.js';
export * from './tasks.view.js';
export { projectTasksSchema, tenantProjectsSchema } from './people.service.js';
export { changeTimeboxBody, createProjectBody, createTimeboxBody } from './projects.service.js';
export { changeTaskBody, createTaskBody } from './tasks.service.js';
export { changeReferenceBody, createCommentBody, createReferenceBody } from './task-items.service.js';
