import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixedClock, isDomainError } from '../shared/index.js';
import { withTx } from '../store/index.js';
import { testDatabaseKinds } from '../store/test-support/databases.js';
import { createClientRegistry } from './clients.service.js';
import {
  createDeletedBindingTokenCheck,
  ISSUER_CLOCK_TOLERANCE_MS,
  refusalReason,
  type DeletedBindingRefusal,
} from './deleted-binding-tokens.js';
import { XSUAA_ERRORS } from './errors.js';
import { revocationSignature } from './revocation-signature.js';

const CLIENT_ID = 'sb-calm!b1|sapcloudalm!b4711';

const standing = (exists: boolean, earliestLiveCredentialMs: number | null, signatures: string[] = []) => ({
  exists,
  earliestLiveCredentialMs,
  liveRevocationSignatures: new Set(signatures),
});

test('refusalReason without rev_sig: a token stands while a credential created up to its iat second stands', () => {
  const at = Date.parse('2026-12-01T00:00:10.500Z');
  const iat = at / 1000 - 0.5; // 10 s
  assert.equal(refusalReason(standing(false, at), iat), 'client_deleted');
  assert.equal(refusalReason(standing(true, null), iat), 'no_credential_left');
  assert.equal(refusalReason(standing(true, at), iat), undefined, 'same second: may be it');
  assert.equal(refusalReason(standing(true, at - 10_000), iat), undefined);
  const lastChance = (iat + 1) * 1000 + ISSUER_CLOCK_TOLERANCE_MS - 1;
  assert.equal(
    refusalReason(standing(true, lastChance), iat),
    undefined,
    'within the clock tolerance: may be it (another host created the credential)',
  );
  assert.equal(refusalReason(standing(true, lastChance + 1), iat), 'credential_created_after_token');
  assert.equal(refusalReason(standing(true, at), undefined), undefined, 'no iat');
});

test('refusalReason with rev_sig: a token stands exactly while the credential it names stands', () => {
  const at = Date.parse('2026-12-01T00:00:10Z');
  const iat = at / 1000;
  const live = standing(true, at - 60_000, ['0a1b2c3d', '4e5f6a7b']);
  assert.equal(refusalReason(live, iat, '4e5f6a7b'), undefined);
  assert.equal(refusalReason(live, iat, 'ffffffff'), 'credential_deleted', 'another credential is no alibi');
  assert.equal(refusalReason(standing(false, at, ['4e5f6a7b']), iat, '4e5f6a7b'), 'client_deleted');
  assert.equal(refusalReason(standing(true, null), iat, '4e5f6a7b'), 'no_credential_left');
});

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: tokens of a deleted binding are refused as invalid, a re-created binding does not revive them`, async () => {
    const store = await kind.open();
    try {
      const clock = fixedClock(new Date('2026-12-01T00:00:00.250Z'));
      const registry = createClientRegistry({ clock });
      await registry.createZone(store.db, { id: 'zone-1', subdomain: 'calm-demo', name: 'demo' });
      await registry.createClient(store.db, {
        zoneId: 'zone-1',
        clientId: CLIENT_ID,
        xsappname: 'calm!b1',
        credentialTypes: ['binding-secret'],
        authorities: [],
      });
      await registry.addSecret(store.db, { clientId: CLIENT_ID, credentialType: 'binding-secret', bindingId: 'b-1' });
      const refusals: DeletedBindingRefusal[] = [];
      const check = createDeletedBindingTokenCheck({
        db: store.db,
        clock,
        onRefused: (refusal) => refusals.push(refusal),
      });
      const tokenAt = (iat: number) => ({ clientId: CLIENT_ID, zoneId: 'zone-1', payload: { iat } });
      const seconds = () => Math.floor(clock.now().getTime() / 1000);
      const refused = async (token: ReturnType<typeof tokenAt>) => {
        try {
          await check.check(token);
          return undefined;
        } catch (error) {
          assert.ok(isDomainError(error));
          assert.equal(error.kind, 'unauthenticated', 'the 401 of an invalid token');
          assert.equal(error.code, XSUAA_ERRORS.token_invalid);
          return error.message;
        }
      };

      const first = tokenAt(seconds());
      assert.equal(await refused(first), undefined);

      await registry.revokeBinding(store.db, 'b-1');
      clock.advance(1_000);
      assert.equal(await refused(first), undefined, 'as another process: the cached answer holds for the TTL');
      clock.advance(1_000);
      assert.ok(await refused(first), 'and no longer');
      refusals.length = 0;
      check.forget(CLIENT_ID);
      assert.match((await refused(first))!, /binding that has been deleted/);
      assert.deepEqual(refusals, [{ clientId: CLIENT_ID, zoneId: 'zone-1', reason: 'no_credential_left' }]);

      // a new binding of the same instance: same client id, a credential created after the first token
      clock.advance(1_000 + ISSUER_CLOCK_TOLERANCE_MS);
      await registry.addSecret(store.db, { clientId: CLIENT_ID, credentialType: 'binding-secret', bindingId: 'b-2' });
      check.forget(CLIENT_ID);
      const second = tokenAt(seconds());
      assert.equal(await refused(second), undefined);
      assert.ok(await refused(first), 'the deleted binding stays deleted');
      assert.equal(refusals.at(-1)!.reason, 'credential_created_after_token');

      // the instance (the client) deleted: every token of it
      await registry.revokeClient(store.db, CLIENT_ID);
      check.forget(CLIENT_ID);
      assert.ok(await refused(second));
      assert.equal(refusals.at(-1)!.reason, 'client_deleted');
      assert.ok(await refused({ clientId: 'sb-never-existed', zoneId: 'zone-1', payload: { iat: seconds() } }));
      assert.equal(refusals.at(-1)!.reason, 'client_deleted');
      assert.ok(
        refusals.every((r) => Object.keys(r).join() === 'clientId,zoneId,reason'),
        'nothing of the token itself',
      );
    } finally {
      await store.close();
    }
  });

  test(`${kind.name}: while an older credential of the same client stands, a token without rev_sig is accepted (the fallback)`, async () => {
    const store = await kind.open();
    try {
      const clock = fixedClock(new Date('2026-12-01T00:00:00Z'));
      const registry = createClientRegistry({ clock });
      await registry.createZone(store.db, { id: 'zone-1', subdomain: 'calm-demo', name: 'demo' });
      await registry.createClient(store.db, {
        zoneId: 'zone-1',
        clientId: CLIENT_ID,
        xsappname: 'calm!b1',
        credentialTypes: ['binding-secret'],
        authorities: [],
      });
      await registry.addSecret(store.db, { clientId: CLIENT_ID, credentialType: 'binding-secret', bindingId: 'b-1' });
      await registry.addSecret(store.db, { clientId: CLIENT_ID, credentialType: 'binding-secret', bindingId: 'b-2' });
      clock.advance(3_000);
      const check = createDeletedBindingTokenCheck({ db: store.db, clock });
      const token = {
        clientId: CLIENT_ID,
        zoneId: 'zone-1',
        payload: { iat: Math.floor(clock.now().getTime() / 1000) },
      };
      await registry.revokeBinding(store.db, 'b-1');
      check.forget(CLIENT_ID);
      await check.check(token);
      await registry.revokeBinding(store.db, 'b-2');
      check.forget(CLIENT_ID);
      await assert.rejects(
        check.check(token),
        (error) => isDomainError(error) && error.code === XSUAA_ERRORS.token_invalid,
      );
    } finally {
      await store.close();
    }
  });
}

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: with rev_sig, deleting one binding refuses its tokens while another binding's tokens stand`, async () => {
    const store = await kind.open();
    try {
      const clock = fixedClock(new Date('2026-12-01T00:00:00Z'));
      const registry = createClientRegistry({ clock });
      await registry.createZone(store.db, { id: 'zone-1', subdomain: 'calm-demo', name: 'demo' });
      await registry.createClient(store.db, {
        zoneId: 'zone-1',
        clientId: CLIENT_ID,
        xsappname: 'calm!b1',
        credentialTypes: ['binding-secret'],
        authorities: [],
      });
      await registry.addSecret(store.db, { clientId: CLIENT_ID, credentialType: 'binding-secret', bindingId: 'b-1' });
      await registry.addSecret(store.db, { clientId: CLIENT_ID, credentialType: 'binding-secret', bindingId: 'b-2' });
      const rowIdOf = async (bindingId: string) =>
        (
          await store.db
            .selectFrom('client_credentials')
            .select('id')
            .where('binding_id', '=', bindingId)
            .executeTakeFirstOrThrow()
        ).id;
      clock.advance(3_000);
      const iat = Math.floor(clock.now().getTime() / 1000);
      const tokenOf = async (bindingId: string) => ({
        clientId: CLIENT_ID,
        zoneId: 'zone-1',
        payload: { iat, rev_sig: revocationSignature(await rowIdOf(bindingId)) },
      });
      const first = await tokenOf('b-1');
      const second = await tokenOf('b-2');
      const refusals: DeletedBindingRefusal[] = [];
      const check = createDeletedBindingTokenCheck({ db: store.db, clock, onRefused: (r) => refusals.push(r) });
      await check.check(first);
      await check.check(second);
      await registry.revokeBinding(store.db, 'b-1');
      check.forget(CLIENT_ID);
      await assert.rejects(
        check.check(first),
        (error) => isDomainError(error) && error.code === XSUAA_ERRORS.token_invalid,
      );
      assert.deepEqual(refusals, [{ clientId: CLIENT_ID, zoneId: 'zone-1', reason: 'credential_deleted' }]);
      await check.check(second);
    } finally {
      await store.close();
    }
  });
}

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: a revocation through watching() is refused from the next request on, in the revoking process`, async () => {
    const store = await kind.open();
    try {
      const clock = fixedClock(new Date('2026-12-01T00:00:00Z'));
      const registry = createClientRegistry({ clock });
      await registry.createZone(store.db, { id: 'zone-1', subdomain: 'calm-demo', name: 'demo' });
      for (const [clientId, bindingId] of [
        [CLIENT_ID, 'b-1'],
        ['sb-other', 'b-9'],
      ] as const) {
        await registry.createClient(store.db, {
          zoneId: 'zone-1',
          clientId,
          xsappname: clientId,
          credentialTypes: ['binding-secret'],
          authorities: [],
        });
        await registry.addSecret(store.db, { clientId, credentialType: 'binding-secret', bindingId });
      }
      clock.advance(1_000);
      const check = createDeletedBindingTokenCheck({ db: store.db, clock });
      const watched = check.watching(registry);
      const iat = Math.floor(clock.now().getTime() / 1000);
      const token = { clientId: CLIENT_ID, zoneId: 'zone-1', payload: { iat } };
      const other = { clientId: 'sb-other', zoneId: 'zone-1', payload: { iat } };
      await check.check(token);
      await check.check(other);
      await withTx(store.db, async (tx) => {
        assert.equal(await watched.revokeBinding(tx, 'b-1'), 1);
        // PostgreSQL: another connection still sees the binding until the commit; that answer is not kept
        if (kind.name === 'postgres') await check.check(token);
      });
      await assert.rejects(
        check.check(token),
        (error) => isDomainError(error) && error.code === XSUAA_ERRORS.token_invalid,
      );
      await check.check(other);
      await withTx(store.db, (tx) => watched.revokeClient(tx, 'sb-other'));
      await assert.rejects(
        check.check(other),
        (error) => isDomainError(error) && error.code === XSUAA_ERRORS.token_invalid,
      );
    } finally {
      await store.close();
    }
  });
}
