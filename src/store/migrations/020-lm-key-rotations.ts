import type { Kysely } from 'kysely';

/**
 * Landscape Management: staged rotation of a tenant's service key (landscape/rotation.service.ts). One row per
 * rotation; `active_tenant_id` holds the tenant id while the rotation runs and is null once it ended, so the
 * unique index on it lets at most one rotation per tenant run (of concurrent starts, in any process, one wins;
 * NULLs do not collide on SQLite or PostgreSQL). The pending key is sealed with the tenant and the id it will
 * have in the slot; `pending` (JSON) holds only what may be shown. `lease_until` is the claim of the process
 * doing the current step (creating, testing, retiring): a step whose process stopped is taken over after it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('lm_key_rotations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('active_tenant_id', 'text', (c) => c.unique())
    .addColumn('mode', 'text', (c) => c.notNull()) // 'btp' (a binding of this calm-keys) | 'manual' (a real SAP key)
    .addColumn('state', 'text', (c) => c.notNull()) // rotation-state.ts
    .addColumn('hold', 'integer', (c) => c.notNull().defaultTo(0)) // 1: wait for an explicit promote
    .addColumn('grace_seconds', 'integer', (c) => c.notNull())
    .addColumn('subaccount_id', 'text', (c) => c.notNull())
    .addColumn('old_key_id', 'text', (c) => c.notNull())
    .addColumn('old_client_id', 'text', (c) => c.notNull())
    .addColumn('old_binding_id', 'text') // the BTP binding deleted after the grace period (mode btp)
    .addColumn('instance_id', 'text') // the SAP Cloud ALM API instance of both bindings (mode btp)
    .addColumn('new_binding_id', 'text')
    .addColumn('pending_key_id', 'text')
    .addColumn('pending_key_sealed', 'text')
    .addColumn('pending', 'text') // JSON: client id, fingerprint, summary, warnings, size, its Test; never a secret
    .addColumn('previous_key_sealed', 'text') // the old key's bytes during the grace period, erased after
    .addColumn('started_by_id', 'text', (c) => c.notNull())
    .addColumn('started_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('promoted_at', 'text')
    .addColumn('delete_due_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('steps', 'text', (c) => c.notNull()) // JSON array of { step, at, outcome, detail }
    .addColumn('failure', 'text')
    .execute();
  await db.schema
    .createIndex('lm_key_rotations_tenant')
    .on('lm_key_rotations')
    .columns(['tenant_id', 'created_at'])
    .execute();
  // the worker's poll: rotations whose next step is due
  await db.schema
    .createIndex('lm_key_rotations_due')
    .on('lm_key_rotations')
    .columns(['state', 'delete_due_at'])
    .execute();
}
