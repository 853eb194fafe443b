/**
 * `calm-keys clock show | advance <duration> | reset`: the development clock of a running server over the REST API
 * (`/dev/v1/clock`, calm-keys Administrator). The server must run with `serve --dev-clock` to move it. Exit codes:
 * 0 success, 1 the move was refused (not a duration, the server runs on real time), 2 usage, access or server problems.
 */
import type { Command } from 'commander';
import { DEV_CLOCK_ERRORS } from '../dev-clock/errors.js';
import { parseDuration } from '../shared/index.js';
import { answer, withApiClient, withServerOptions, type Schemas } from './api-client.js';
import { usage } from './files.js';
import { refusedIsOne } from './output.js';

interface Options {
  url?: string;
  token?: string;
  ca?: string;
  json?: boolean;
}

type ClockView = Schemas['DevClock'];
const REFUSED: readonly string[] = [DEV_CLOCK_ERRORS.not_adjustable, DEV_CLOCK_ERRORS.bad_duration];

/** The clock as a person reads it: calm-keys' time, and the offset when it is not real time. */
export function formatClock(clock: ClockView): string {
  if (!clock.adjustable) return `${clock.now}  real time (the server runs without --dev-clock)`;
  return clock.offsetMs === 0
    ? `${clock.now}  real time (dev clock, not moved)`
    : `${clock.now}  ${clock.offset} ahead of real time (${clock.realNow})`;
}

function print(clock: ClockView, options: Options): void {
  console.log(options.json === true ? JSON.stringify(clock, null, 2) : formatClock(clock));
}

export function registerClockCommands(program: Command): void {
  const clock = program
    .command('clock')
    .description(
      "The development clock of a server started with --dev-clock: move calm-keys' time forward to test token and certificate expiry",
    );

  withServerOptions(clock.command('show').description("calm-keys' time and how far it runs ahead of real time"))
    .option('--json', 'print the answer as JSON')
    .action((options: Options) =>
      withApiClient(options, async (api) => print(await answer(api.GET('/dev/v1/clock')), options)),
    );

  withServerOptions(
    clock
      .command('advance')
      .argument('<duration>', 'how far: 90s, 30m, 13h, 7d, or parts together (1d12h)')
      .description('Move the clock forward: tokens, certificates, schedules and grace periods follow'),
  )
    .option('--json', 'print the answer as JSON')
    .action((by: string, options: Options) => {
      // checked here too, so a typo is a usage error before any request
      if (parseDuration(by) === undefined) usage(`"${by}" is not a duration: use e.g. 90s, 30m, 13h, 7d or 1d12h`);
      return withApiClient(options, (api) =>
        refusedIsOne(REFUSED, async () =>
          print(await answer(api.POST('/dev/v1/clock/advance', { body: { by } })), options),
        ),
      );
    });

  withServerOptions(clock.command('reset').description('Set the clock back to real time'))
    .option('--json', 'print the answer as JSON')
    .action((options: Options) =>
      withApiClient(options, (api) =>
        refusedIsOne(REFUSED, async () => print(await answer(api.DELETE('/dev/v1/clock')), options)),
      ),
    );
}
