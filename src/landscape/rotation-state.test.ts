import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  fromStates,
  isBeforePromotion,
  isCancellable,
  isFinished,
  nextState,
  ROTATION_STATES,
  type RotationEvent,
  type RotationState,
} from './rotation-state.js';

const walk = (start: RotationState, events: RotationEvent[]) =>
  events.reduce<RotationState | undefined>((s, e) => (s === undefined ? undefined : nextState(s, e)), start);

test('a BTP rotation goes creating → testing → pending → grace → retiring → completed', () => {
  assert.equal(
    walk('creating', ['binding_created', 'test_passed', 'promoted', 'retire_claimed', 'retired']),
    'completed',
  );
});

test('a manual rotation waits for the upload, then goes the same way', () => {
  assert.equal(
    walk('waiting_upload', ['uploaded', 'test_passed', 'promoted', 'retire_claimed', 'retired']),
    'completed',
  );
});

test('a failed Test ends the rotation before promotion; nothing leaves a finished rotation', () => {
  assert.equal(walk('creating', ['binding_created', 'test_failed']), 'failed');
  for (const state of ROTATION_STATES.filter(isFinished))
    for (const event of [
      'binding_created',
      'uploaded',
      'test_passed',
      'promoted',
      'retired',
      'cancelled',
      'failed',
    ] as const)
      assert.equal(nextState(state, event), undefined, `${state} --${event}`);
});

test('cancel only before promotion, and not while a step runs', () => {
  assert.deepEqual(ROTATION_STATES.filter(isCancellable), ['waiting_upload', 'pending']);
  assert.equal(nextState('grace', 'cancelled'), undefined);
  assert.equal(nextState('testing', 'cancelled'), undefined);
  for (const s of ROTATION_STATES.filter(isCancellable)) assert.ok(isBeforePromotion(s));
});

test('after promotion a failure does not fail the rotation: the deletion of the old binding is retried', () => {
  assert.equal(nextState('grace', 'failed'), undefined);
  assert.equal(walk('grace', ['retire_claimed', 'retire_released', 'retire_claimed', 'retired']), 'completed');
  // a claim that lapsed (the process stopped mid-deletion) is taken over
  assert.equal(nextState('retiring', 'retire_claimed'), 'retiring');
});

test('promotion only from pending (a green Test)', () => {
  assert.deepEqual(fromStates('promoted'), ['pending']);
  assert.equal(nextState('testing', 'promoted'), undefined);
});
