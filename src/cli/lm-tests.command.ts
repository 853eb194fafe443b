/**
 * `calm-keys lm key tests --tenant <t>`: the Test history of a tenant's service key over the REST API
 * (`GET /lm/v1/tenants/{tenantId}/service-key/tests`): the last 50 results, manual and scheduled, newest first,
 * with the step that failed, and when the schedule tests the key next. Any Landscape Management Security role
 * of the tenant may read it. Exit codes: 0 success, 2 usage, access or server problems.
 */
import type { Command } from 'commander';
import { answer, withApiClient, withServerOptions, type Schemas } from './api-client.js';
import { usage } from './files.js';
import { resolveTenant } from './tenants.js';

interface Options {
  url?: string;
  token?: string;
  ca?: string;
  tenant?: string;
  json?: boolean;
}

type History = Schemas['KeyTestHistory'];

/** Cuts a reason to one line of a table. */
const short = (text: string, max = 100) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export function formatTestHistory(history: History): string {
  const s = history.schedule;
  const schedule = !s.enabled
    ? 'scheduled re-tests are off (CALM_KEYS_KEY_RETEST_INTERVAL_SECONDS=0)'
    : s.nextTestAt
      ? `next scheduled Test at ${s.nextTestAt} (every ${s.intervalSeconds} s, ±10 %)`
      : `scheduled every ${s.intervalSeconds} s (±10 %); no next Test while the slot is empty or not yet scheduled`;
  if (history.items.length === 0) return `no Test results yet\n${schedule}`;
  const rows = [
    ['TIME', 'TRIGGER', 'BY', 'STATUS', 'FAILED STEP', 'REASON'],
    ...history.items.map((i) => [
      i.at,
      i.trigger,
      i.by,
      i.status === 'active' ? 'green' : 'red',
      i.failedStep ?? '-',
      short(i.reason ?? i.summary),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const table = rows
    .map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '))
    .join('\n');
  return `${table}\n\n${history.items.length} of at most ${history.limit} kept; ${schedule}`;
}

/** Adds `tests` to `calm-keys lm key`. */
export function registerKeyTestHistoryCommand(key: Command): void {
  withServerOptions(
    key
      .command('tests')
      .description(
        'Test history of the key: the last 50 Tests (manual and scheduled) with the failed step, and the next scheduled Test',
      ),
  )
    .option('--tenant <tenant>', 'the Cloud ALM tenant: its id, name or identity zone')
    .option('--json', 'print the whole answer as JSON')
    .action((options: Options) => {
      if (!options.tenant)
        usage('--tenant <id|name|identity zone> is required (list your tenants with: calm-keys lm tenants)');
      const given = options.tenant;
      return withApiClient(options, async (api) => {
        const { tenantId } = await resolveTenant(api, given);
        const history = await answer(
          api.GET('/lm/v1/tenants/{tenantId}/service-key/tests', { params: { path: { tenantId } } }),
        );
        console.log(options.json ? JSON.stringify(history, null, 2) : formatTestHistory(history));
      });
    });
}
