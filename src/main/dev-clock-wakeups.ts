/**
 * After the development clock moved (`calm-keys clock advance`, here or in another process on the database), the
 * work that became due runs at once instead of at its next timer: an hourly sweep or a daily certificate check
 * would otherwise leave a test waiting for real time. Each job is a pass its worker also runs on its own timer;
 * a pass twice at once is safe (claims and updates are conditional in the database). Moves while a round runs
 * are folded into one more round.
 */
import type { AdjustableClock } from '../shared/index.js';

export type DueWork = Readonly<Record<string, () => Promise<unknown>>>;

export function runDueWorkOnClockChange(
  clock: AdjustableClock,
  work: DueWork,
  onError: (error: unknown, job: string) => void,
): { stop(): Promise<void> } {
  let round: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  async function runRound(): Promise<void> {
    do {
      again = false;
      for (const [job, pass] of Object.entries(work)) {
        if (stopped) return;
        try {
          await pass();
        } catch (error) {
          onError(error, job);
        }
      }
    } while (again && !stopped);
  }

  const unsubscribe = clock.onChange(() => {
    if (stopped) return;
    if (round) {
      again = true;
      return;
    }
    round = runRound().finally(() => (round = undefined));
  });

  return {
    /** No new round; waits for the one in progress (before the workers and the store stop). */
    async stop() {
      stopped = true;
      unsubscribe();
      await round;
    },
  };
}
