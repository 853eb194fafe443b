import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import type { SigningKeysTable } from '../store/index.js';
import { classifyKeys } from './signing-key-states.js';

const jwk = JSON.stringify(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' }));
const row = (kid: string, activates_at: string, created_at: string): SigningKeysTable => ({
  kid,
  activates_at,
  created_at,
  public_jwk: jwk,
  private_key_sealed: 'x',
  retired_at: null,
});
const HOUR = 3_600_000;
const NOW = '2026-11-23T12:00:00.000Z';

test('keys that activate at the same instant get one agreed active key: created_at decides, then kid, in any input order', () => {
  const same = '2026-11-23T00:00:00.000Z';
  const cases: [SigningKeysTable[], string][] = [
    [
      [
        row('default-jwt-key-bbbb', same, '2026-11-23T00:00:00.001Z'),
        row('default-jwt-key-aaaa', same, '2026-11-23T00:00:00.002Z'),
      ],
      'default-jwt-key-aaaa',
    ],
    [[row('default-jwt-key-bbbb', same, same), row('default-jwt-key-aaaa', same, same)], 'default-jwt-key-bbbb'],
  ];
  for (const [rows, active] of cases) {
    for (const order of [rows, [...rows].reverse()]) {
      const { keys } = classifyKeys(order, NOW, 24 * HOUR);
      assert.deepEqual(
        keys.map((k) => k.state),
        ['previous', 'active'],
      );
      assert.equal(keys[1]!.kid, active);
    }
  }
});

test('the states hold until the next activation or retirement', () => {
  const rows = [
    row('k1', '2026-11-22T00:00:00.000Z', '2026-11-22T00:00:00.000Z'),
    row('k2', '2026-11-23T06:00:00.000Z', '2026-11-22T18:00:00.000Z'),
    row('k3', '2026-11-23T18:00:00.000Z', '2026-11-23T06:00:00.000Z'),
  ];
  const { keys, validUntil } = classifyKeys(rows, NOW, 12 * HOUR);
  assert.deepEqual(
    keys.map((k) => [k.kid, k.state]),
    [
      ['k1', 'previous'],
      ['k2', 'active'],
      ['k3', 'pending'],
    ],
  );
  assert.equal(validUntil, '2026-11-23T18:00:00.000Z', 'k1 retires and k3 activates at 18:00');
});
