import { test } from 'node:test';
import assert from 'node:assert/strict';
import { derivedEvents, isDerivedId } from './derived-events.js';
import type { StatusEventObject } from './status-events.deps.js';

const object = (over: Partial<StatusEventObject>): StatusEventObject => ({
  id: 'o1',
  kind: 'system',
  name: 'S4H',
  objectType: 'ABAP',
  lmsId: 'ABC',
  monitoringEnabled: true,
  lastPushAt: '2026-12-01T10:00:00.000Z',
  ...over,
});
const at = (iso: string) => new Date(iso);

test('a monitored object without data for N minutes has an open Disruption from N minutes after its last push', () => {
  const [event, ...rest] = derivedEvents([object({})], at('2026-12-01T10:15:00.000Z'), 15);
  assert.equal(rest.length, 0);
  assert.equal(event!.eventType, 'Disruption');
  assert.equal(event!.type, 'TechnicalSystem');
  assert.equal(event!.title, 'No data received from S4H for 15 minutes');
  assert.equal(event!.startTime, '2026-12-01T10:15:00.000Z');
  assert.equal(event!.status, 'open');
  assert.equal(event!.source, 'derived');
  assert.ok(isDerivedId(event!.id));
  // the same outage keeps its id
  assert.equal(derivedEvents([object({})], at('2026-12-01T11:00:00.000Z'), 15)[0]!.id, event!.id);
});

test('no derived event before N minutes, without monitoring, or without any push yet', () => {
  assert.deepEqual(derivedEvents([object({})], at('2026-12-01T10:14:59.999Z'), 15), []);
  assert.deepEqual(derivedEvents([object({ monitoringEnabled: false })], at('2026-12-02T00:00:00Z'), 15), []);
  assert.deepEqual(derivedEvents([object({ lastPushAt: null })], at('2026-12-02T00:00:00Z'), 15), []);
  assert.equal(derivedEvents([object({ kind: 'service' })], at('2026-12-02T00:00:00Z'), 5)[0]!.type, 'CloudService');
});
