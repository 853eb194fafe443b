import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAuditWriter, listAuditEvents } from '../audit/index.js';
import { DomainError, fixedClock, isDomainError } from '../shared/index.js';
import { testDatabaseKinds, type TestStore } from '../store/test-support/databases.js';
import { withTx } from '../store/index.js';
import type { Actor, Resource, RoleAssignment } from './actor.js';
import { createGuard } from './guard.js';

const tenantA: Resource = { kind: 'tenant', tenantId: 'tA', subaccountId: 'sA', globalAccountId: 'gA' };
const actorWith = (...assignments: RoleAssignment[]): Actor => ({
  userId: 'u1',
  username: 'alice',
  via: { kind: 'session' },
  assignments,
});
const securityViewer = actorWith({ role: 'x_landscape_SecurityViewer', scopeType: 'tenant', scopeId: 'tA' });

function setup(store: TestStore) {
  const guard = createGuard({ db: store.db, audit: createAuditWriter(fixedClock(new Date('2026-11-23T10:00:00Z'))) });
  const denials = async () =>
    (await listAuditEvents(store.db, { action: 'access.denied' })).map((e) => ({
      outcome: e.outcome,
      actor: e.actor.name,
      tenantId: e.tenantId,
      target: e.target,
      details: e.details,
    }));
  return { guard, denials };
}

/** The refusal the guard threw, as kind and code. */
async function refusal(work: Promise<void>): Promise<string> {
  try {
    await work;
  } catch (error) {
    if (isDomainError(error)) return `${error.kind} ${error.code}`;
    throw error;
  }
  return 'allowed';
}

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: guard allows without a record`, async () => {
    const store = await kind.open();
    try {
      const { guard, denials } = setup(store);
      assert.equal(await refusal(guard(securityViewer, 'lm.service_key.view', tenantA)), 'allowed');
      assert.equal(
        await refusal(
          guard(actorWith({ role: 'SystemAdministrator', scopeType: 'system', scopeId: '*' }), 'system.audit.view', {
            kind: 'system',
          }),
        ),
        'allowed',
      );
      assert.deepEqual(await denials(), []);
    } finally {
      await store.close();
    }
  });

  test(`${kind.name}: guard refuses a caller who sees the resource with 403 naming the action, and records it`, async () => {
    const store = await kind.open();
    try {
      const { guard, denials } = setup(store);
      await assert.rejects(guard(securityViewer, 'lm.service_key.upload', tenantA), (error: DomainError) => {
        assert.equal(error.kind, 'forbidden');
        assert.equal(error.code, 'access.forbidden');
        assert.match(error.message, /"lm\.service_key\.upload"/);
        return true;
      });
      assert.deepEqual(await denials(), [
        {
          outcome: 'denied',
          actor: 'alice',
          tenantId: 'tA',
          target: { type: 'resource', id: 'tA' },
          details: { action: 'lm.service_key.upload', resourceKind: 'tenant', refusal: 'forbidden' },
        },
      ]);
    } finally {
      await store.close();
    }
  });

  test(`${kind.name}: guard answers 404 to a caller with no role in the chain, 403 to one with a role above, and 403 for system actions`, async () => {
    const store = await kind.open();
    try {
      const { guard, denials } = setup(store);
      const otherTenant = actorWith({ role: 'x_landscape_SecurityAdministrator', scopeType: 'tenant', scopeId: 'tB' });
      assert.equal(await refusal(guard(otherTenant, 'lm.service_key.view', tenantA)), 'not_found resource.not_found');
      assert.equal(
        await refusal(guard(otherTenant, 'lm.service_key.view', tenantA, { notFound: 'tenant.not_found' })),
        'not_found tenant.not_found',
      );
      const own = () => new DomainError('not_found', 'lm.tenant.not_found', 'No such Cloud ALM tenant.');
      assert.equal(
        await refusal(guard(actorWith(), 'lm.service_key.view', tenantA, { notFound: own })),
        'not_found lm.tenant.not_found',
      );
      // a BTP administrator of the tenant's subaccount knows the tenant exists: 403, not 404
      const subaccountAdmin = actorWith({ role: 'SubaccountAdministrator', scopeType: 'subaccount', scopeId: 'sA' });
      assert.equal(
        await refusal(guard(subaccountAdmin, 'lm.service_key.view', tenantA, { notFound: own })),
        'forbidden access.forbidden',
      );
      // nobody learns anything from a system action: everyone but the calm-keys Administrator gets 403
      assert.equal(
        await refusal(guard(actorWith(), 'system.user.manage', { kind: 'system' })),
        'forbidden access.forbidden',
      );
      const recorded = await denials();
      assert.deepEqual(recorded.map((d) => [d.details.refusal, d.details.resourceKind, d.target.id]).reverse(), [
        ['not_found', 'tenant', 'tA'],
        ['not_found', 'tenant', 'tA'],
        ['not_found', 'tenant', 'tA'],
        ['forbidden', 'tenant', 'tA'],
        ['forbidden', 'system', null],
      ]);
    } finally {
      await store.close();
    }
  });

  test(`${kind.name}: guard records the refusal in the caller's transaction when given one`, async () => {
    const store = await kind.open();
    try {
      const { guard, denials } = setup(store);
      // committed with the caller's transaction when the caller carries on after the refusal
      await withTx(store.db, async (tx) => {
        assert.equal(
          await refusal(guard(securityViewer, 'lm.service_key.delete', tenantA, { tx })),
          'forbidden access.forbidden',
        );
      });
      assert.equal((await denials()).length, 1);
      // and gone with it when the caller's transaction rolls back
      await assert.rejects(
        withTx(store.db, (tx) => guard(securityViewer, 'lm.service_key.delete', tenantA, { tx })),
        /lm\.service_key\.delete/,
      );
      assert.equal((await denials()).length, 1);
    } finally {
      await store.close();
    }
  });
}
