/**
 * The states of a staged rotation and the only transitions between them (rotation.service.ts applies them
 * with conditional updates, so that of two processes one makes a given step). Pure: no I/O.
 *
 *   btp:     creating ─binding_created→ testing ─test_passed→ pending ─promoted→ grace ─retire_claimed→ retiring ─retired→ completed
 *   manual:  waiting_upload ─uploaded→ testing ...                                        (retiring only says what to do by hand)
 *
 * A failed step goes to `failed` before promotion and leaves the current key untouched; `cancelled` is
 * possible before promotion only (waiting_upload, pending). After promotion the new key is current and the
 * rotation only finishes: a failed deletion of the old binding is retried (retiring → grace).
 */
export const ROTATION_STATES = [
  'creating',
  'waiting_upload',
  'testing',
  'pending',
  'grace',
  'retiring',
  'completed',
  'failed',
  'cancelled',
] as const;
export type RotationState = (typeof ROTATION_STATES)[number];

export type RotationEvent =
  | 'binding_created'
  | 'uploaded'
  | 'test_passed'
  | 'test_failed'
  | 'promoted'
  | 'retire_claimed'
  | 'retire_released'
  | 'retired'
  | 'cancelled'
  | 'failed';

const TRANSITIONS: Record<RotationEvent, { from: readonly RotationState[]; to: RotationState }> = {
  binding_created: { from: ['creating'], to: 'testing' },
  uploaded: { from: ['waiting_upload'], to: 'testing' },
  test_passed: { from: ['testing'], to: 'pending' },
  test_failed: { from: ['testing'], to: 'failed' },
  promoted: { from: ['pending'], to: 'grace' },
  retire_claimed: { from: ['grace', 'retiring'], to: 'retiring' },
  retire_released: { from: ['retiring'], to: 'grace' },
  retired: { from: ['retiring'], to: 'completed' },
  cancelled: { from: ['waiting_upload', 'pending'], to: 'cancelled' },
  failed: { from: ['creating', 'waiting_upload', 'testing', 'pending'], to: 'failed' },
};

/** The states `event` may leave from: the condition of the update that makes the step. */
export const fromStates = (event: RotationEvent): readonly RotationState[] => TRANSITIONS[event].from;

/** The state after `event`, or undefined when `event` is not allowed in `state`. */
export function nextState(state: RotationState, event: RotationEvent): RotationState | undefined {
  const t = TRANSITIONS[event];
  return t.from.includes(state) ? t.to : undefined;
}

export const isFinished = (state: RotationState): boolean =>
  state === 'completed' || state === 'failed' || state === 'cancelled';

/** Before promotion the current key is the old one; a rotation may still be cancelled or fail then. */
export const isBeforePromotion = (state: RotationState): boolean =>
  state === 'creating' || state === 'waiting_upload' || state === 'testing' || state === 'pending';

export const isCancellable = (state: RotationState): boolean => nextState(state, 'cancelled') !== undefined;

/** States in which a process is working on the rotation; its claim (`lease_until`) lets another take over. */
export const isLeased = (state: RotationState): boolean =>
  state === 'creating' || state === 'testing' || state === 'retiring';

/** The grace period: 24 h by default (Keycloak's and AWS's practice of a window before the old secret ends), at most 30 days. */
export const DEFAULT_GRACE_SECONDS = 24 * 3600;
export const MAX_GRACE_SECONDS = 30 * 24 * 3600;
