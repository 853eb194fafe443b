/**
 * `calm-keys lm key rotate` and `calm-keys lm key rotation show | promote | cancel`: staged rotation of a
 * tenant's service key over the REST API (`/lm/v1/tenants/{tenantId}/service-key/rotation`). Nothing printed
 * holds a secret. Exit codes: 0 success, 1 the rotation failed (its failed step is printed), 2 usage, access
 * or server problems.
 */
import type { Command } from 'commander';
import { readDuration } from '../shared/index.js';
import { answer, withApiClient, withServerOptions, type ApiClient, type Schemas } from './api-client.js';
import { usage } from './files.js';
import { CliExit } from './output.js';
import { resolveTenant } from './tenants.js';

interface Options {
  url?: string;
  token?: string;
  ca?: string;
  tenant?: string;
  grace?: string;
  hold?: boolean;
  cancel?: boolean;
  json?: boolean;
}

type RotationState = Schemas['KeyRotationState'];

/** The grace period's bounds (the server checks them again: 400 lm.rotation.bad_grace). */
const GRACE_RULES = { plainSeconds: true, maxMs: 30 * 86_400_000 } as const;

/** `--grace`: `90s`, `15m`, `24h`, `7d`, `1d12h` or a plain number of seconds, 0 s to 30 days; in seconds. */
export function graceSeconds(text: string): number {
  const reading = readDuration(text, GRACE_RULES);
  if ('ms' in reading) return reading.ms / 1000;
  return usage(
    reading.problem === 'too_long'
      ? `--grace takes 0s to 30d ("${text}" is longer)`
      : `--grace takes 0s to 30d, e.g. 90s, 15m, 24h, 7d or 1d12h ("${text}" is not a duration)`,
  );
}
const PATH = '/lm/v1/tenants/{tenantId}/service-key/rotation';
const slot = (tenantId: string) => ({ params: { path: { tenantId } } });

function withTenant(options: Options, work: (api: ApiClient, tenantId: string) => Promise<void>): Promise<void> {
  if (!options.tenant)
    usage('--tenant <id|name|identity zone> is required (list your tenants with: calm-keys lm tenants)');
  const given = options.tenant;
  return withApiClient(options, async (api) => work(api, (await resolveTenant(api, given)).tenantId));
}

/** The rotation as a person reads it: state, each step with its time, what to do next. */
export function formatRotation(answer: RotationState): string {
  const r = answer.rotation;
  if (!r) return 'no rotation of this key so far (start one with: calm-keys lm key rotate --tenant <tenant>)';
  const lines = [
    `rotation ${r.id} (${r.mode === 'btp' ? 'new binding in BTP' : 'by hand: a key this BTP did not issue'}): ${r.state}`,
    `started by ${r.startedBy} at ${r.startedAt}; grace period ${r.graceSeconds} s${r.hold ? '; held before promotion' : ''}`,
    ...r.steps.map((s) =>
      `  ${s.outcome === 'ok' ? '✔' : '✖'} ${s.at}  ${s.step.padEnd(20)} ${s.detail ?? ''}`.trimEnd(),
    ),
  ];
  if (r.pending)
    lines.push(`pending key: client id ${r.pending.clientId} (calm-keys extension: not yet the current key)`);
  if (r.oldKeyRetiresAt && (r.state === 'grace' || r.state === 'retiring'))
    lines.push(`the old key ends at ${r.oldKeyRetiresAt}`);
  if (r.failure) lines.push(`FAILED: ${r.failure}`);
  if (r.nextAction) lines.push('', r.nextAction);
  return lines.join('\n');
}

function print(result: RotationState, options: Options): void {
  console.log(options.json ? JSON.stringify(result, null, 2) : formatRotation(result));
  if (result.rotation?.state === 'failed') throw new CliExit(1);
}

export function registerKeyRotationCommands(key: Command): void {
  withServerOptions(
    key
      .command('rotate')
      .description(
        'Staged rotation: a new binding on the same SAP Cloud ALM API instance, its Test, promotion, and the old binding deleted in BTP after the grace period',
      ),
  )
    .option('--tenant <tenant>', 'the Cloud ALM tenant: its id, name or identity zone')
    .option(
      '--grace <duration>',
      'how long the old key keeps working after promotion: 90s, 15m, 24h, 7d, 1d12h or seconds (default 24h, at most 30d)',
    )
    .option('--hold', 'stop at the pending key after its green Test; promote with: calm-keys lm key rotation promote')
    .option('--cancel', 'cancel the running rotation before promotion (same as: calm-keys lm key rotation cancel)')
    .option('--json', 'print the whole answer as JSON')
    .action((options: Options) => {
      const grace = options.grace === undefined ? undefined : graceSeconds(options.grace);
      if (options.cancel && (options.grace !== undefined || options.hold)) usage('--cancel takes no --grace or --hold');
      return withTenant(options, async (api, tenant) => {
        const result = options.cancel
          ? await answer(api.POST(`${PATH}/cancel`, slot(tenant)))
          : await answer(
              api.POST(PATH, {
                ...slot(tenant),
                body: {
                  ...(grace === undefined ? {} : { graceSeconds: grace }),
                  ...(options.hold ? { hold: true } : {}),
                },
              }),
            );
        print(result, options);
      });
    });

  const rotation = key.command('rotation').description('The staged rotation of the key: show, promote, cancel');
  withServerOptions(
    rotation.command('show').description('The running rotation (or the last one), each step with its time'),
  )
    .option('--tenant <tenant>', 'the Cloud ALM tenant: its id, name or identity zone')
    .option('--json', 'print the whole answer as JSON')
    .action((options: Options) =>
      withTenant(options, async (api, tenant) => {
        const result = await answer(api.GET(PATH, slot(tenant)));
        console.log(options.json ? JSON.stringify(result, null, 2) : formatRotation(result));
      }),
    );
  withServerOptions(
    rotation.command('promote').description('Promote the pending key of a held rotation (it is tested again first)'),
  )
    .option('--tenant <tenant>', 'the Cloud ALM tenant: its id, name or identity zone')
    .option('--json', 'print the whole answer as JSON')
    .action((options: Options) =>
      withTenant(options, async (api, tenant) =>
        print(await answer(api.POST(`${PATH}/promote`, slot(tenant))), options),
      ),
    );
  withServerOptions(
    rotation
      .command('cancel')
      .description('Cancel the rotation before promotion: the new binding is deleted, the pending key cleared'),
  )
    .option('--tenant <tenant>', 'the Cloud ALM tenant: its id, name or identity zone')
    .option('--json', 'print the whole answer as JSON')
    .action((options: Options) =>
      withTenant(options, async (api, tenant) =>
        print(await answer(api.POST(`${PATH}/cancel`, slot(tenant))), options),
      ),
    );
}
