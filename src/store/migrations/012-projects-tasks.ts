import type { Kysely } from 'kysely';

/**
 * The Projects and Tasks APIs of SAP Cloud ALM (src/projects/README.md): projects with their timeboxes and teams,
 * tasks with their comments and references. Every table is keyed by the tenant first, and every index starts with
 * it (docs/ARCHITECTURE.md rule 5): a row of another tenant is never read, so it is "not found".
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('calm_projects')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // O (open) | C (closed, hidden), as SAP's samples read it
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull()) // the OAuth client id, or the demo
    .addPrimaryKeyConstraint('calm_projects_pk', ['tenant_id', 'id'])
    .execute();
  await db.schema.createIndex('calm_projects_name').on('calm_projects').columns(['tenant_id', 'name']).execute();

  await db.schema
    .createTable('calm_project_timeboxes')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('type', 'integer', (c) => c.notNull()) // 0 milestone | 1 phase | 2 sprint
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('start_date', 'text', (c) => c.notNull()) // YYYY-MM-DD
    .addColumn('end_date', 'text', (c) => c.notNull())
    .addColumn('closed', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('calm_project_timeboxes_pk', ['tenant_id', 'id'])
    .execute();
  await db.schema
    .createIndex('calm_project_timeboxes_project')
    .on('calm_project_timeboxes')
    .columns(['tenant_id', 'project_id', 'start_date'])
    .execute();

  await db.schema
    .createTable('calm_project_teams')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('calm_project_teams_pk', ['tenant_id', 'id'])
    .execute();
  await db.schema
    .createIndex('calm_project_teams_project')
    .on('calm_project_teams')
    .columns(['tenant_id', 'project_id'])
    .execute();

  await db.schema
    .createTable('calm_tasks')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text')
    .addColumn('type', 'text', (c) => c.notNull()) // CALMTASK, CALMUS, CALMST, ...
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('status', 'text', (c) => c.notNull()) // CIPTKOPEN, ... (by type)
    .addColumn('sub_status', 'text')
    .addColumn('priority_id', 'integer', (c) => c.notNull()) // 10 very high | 20 high | 30 medium | 40 low
    .addColumn('due_date', 'text')
    .addColumn('external_id', 'text')
    .addColumn('assignee_id', 'text')
    .addColumn('timebox_id', 'text')
    .addColumn('story_points', 'integer')
    .addColumn('obsolete', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('last_changed_at', 'text', (c) => c.notNull())
    .addColumn('last_changed_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('calm_tasks_pk', ['tenant_id', 'id'])
    .execute();
  await db.schema
    .createIndex('calm_tasks_project')
    .on('calm_tasks')
    .columns(['tenant_id', 'project_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('calm_task_comments')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('task_id', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('calm_task_comments_pk', ['tenant_id', 'id'])
    .execute();
  await db.schema
    .createIndex('calm_task_comments_task')
    .on('calm_task_comments')
    .columns(['tenant_id', 'task_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('calm_task_references')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('task_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('calm_task_references_pk', ['tenant_id', 'id'])
    .execute();
  await db.schema
    .createIndex('calm_task_references_task')
    .on('calm_task_references')
    .columns(['tenant_id', 'task_id', 'created_at'])
    .execute();
}
