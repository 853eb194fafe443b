/**
 * When to try a failed delivery again: exponential backoff with jitter (the Standard Webhooks specification
 * recommends it, "Retries"), and when to give up. The n-th retry waits `base * 2^(n-1)`, capped, then
 * scaled by a random factor in [0.5, 1) ("equal jitter": never sooner than half, so a receiver that is down
 * is not called in a burst, and receivers that failed together do not retry together).
 */
import type { WebhookSettings } from './webhooks.deps.js';

export function retryDelayMs(
  attempt: number,
  settings: Pick<WebhookSettings, 'retryBaseMs' | 'maxDelayMs'>,
  random: () => number,
): number {
  const exponential = Math.min(settings.maxDelayMs, settings.retryBaseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential * (0.5 + 0.5 * Math.min(Math.max(random(), 0), 0.999_999)));
}

/** The time of the next attempt after `attempt` failed, or null when that would be past the give-up time. */
export function nextAttemptAt(
  input: { attempt: number; nowMs: number; createdAtMs: number },
  settings: Pick<WebhookSettings, 'retryBaseMs' | 'maxDelayMs' | 'giveUpAfterMs'>,
  random: () => number,
): number | null {
  const at = input.nowMs + retryDelayMs(input.attempt, settings, random);
  return at > input.createdAtMs + settings.giveUpAfterMs ? null : at;
}
