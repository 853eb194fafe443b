/**
 * `calm-keys lm events list | create | close`: the service status events of a tenant over the REST API
 * (`/lm/v1/tenants/{tenantId}/status-events`). Listing needs any Landscape Management role of the tenant;
 * creating and closing need the Landscape Administrator (src/service-status/README.md). `--tenant` takes a tenant
 * id, name or identity zone; `--object` a managed service or system by id or name. Exit codes: 0 success,
 * 1 the server refused the event (unknown object, bad time, closed or derived event), 2 usage, access or server.
 */
import type { Command } from 'commander';
import { STATUS_EVENT_ERRORS } from '../service-status/errors.js';
import { answer, withApiClient, withServerOptions, type ApiClient, type Schemas } from './api-client.js';
import { usage } from './files.js';
import { CliExit } from './output.js';
import { resolveTenant } from './tenants.js';

interface Options {
  url?: string;
  token?: string;
  ca?: string;
  tenant?: string;
  status?: string;
  object?: string;
  type?: string;
  title?: string;
  description?: string;
  start?: string;
  end?: string;
  json?: boolean;
}

type EventView = Schemas['StatusEventView'];

/** SAP's event types; the server refuses any other with 400, this names them before the call. */
const EVENT_TYPES = ['Maintenance', 'Degradation', 'Disruption', 'Communication', 'Planned Availability'] as const;
type EventType = (typeof EVENT_TYPES)[number];

function withTenant(options: Options, work: (api: ApiClient, tenantId: string) => Promise<void>): Promise<void> {
  if (!options.tenant)
    usage('--tenant <id|name|identity zone> is required (list your tenants with: calm-keys lm tenants)');
  const given = options.tenant;
  return withApiClient(options, async (api) => work(api, (await resolveTenant(api, given)).tenantId));
}

const EVENT_REFUSALS: readonly string[] = Object.values(STATUS_EVENT_ERRORS);

/** A refusal of the event itself (unknown object, bad time, closed or derived) exits 1 with the server's reason. */
async function refusedAsOne<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && EVENT_REFUSALS.includes(code)) {
      console.log(`refused: ${(error as Error).message} (${code})`);
      throw new CliExit(1);
    }
    throw error;
  }
}

export function formatEvents(items: readonly EventView[]): string {
  const rows = [['START', 'END', 'TYPE', 'STATUS', 'SOURCE', 'SERVICE', 'TITLE', 'ID']];
  for (const e of items)
    rows.push([e.startTime, e.endTime ?? '-', e.eventType, e.status, e.source, e.serviceName, e.title, e.id]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '))
    .join('\n');
}

/** The managed service or system `given` names: its id, or its name when exactly one has it. */
async function resolveObject(api: ApiClient, tenantId: string, given: string): Promise<string> {
  const { items } = await answer(
    api.GET('/lm/v1/tenants/{tenantId}/managed-objects', { params: { path: { tenantId } } }),
  );
  const byId = items.find((o) => o.id === given);
  if (byId) return byId.id;
  const byName = items.filter((o) => o.name === given);
  if (byName.length === 1) return byName[0]!.id;
  return usage(
    byName.length > 1
      ? `--object ${given} names ${byName.length} managed objects: pass the id`
      : `--object ${given} is no managed service or system of this tenant (give its id or name)`,
  );
}

export function registerLandscapeEventCommands(lm: Command): void {
  const events = lm
    .command('events')
    .description('Service status events of a tenant: Maintenance, Degradation, Disruption, ... (list, create, close)');

  withServerOptions(
    events.command('list').description('The events, newest first: recorded ones and derived ones (no data received)'),
  )
    .option('--tenant <tenant>', 'the Cloud ALM tenant: its id, name or identity zone')
    .option('--status <status>', 'open or closed (default: both)')
    .option('--json', 'print the whole answer as JSON')
    .action((options: Options) => {
      if (options.status !== undefined && options.status !== 'open' && options.status !== 'closed')
        usage('--status is open or closed');
      return withTenant(options, async (api, tenantId) => {
        const status = options.status as 'open' | 'closed' | undefined;
        const list = await answer(
          api.GET('/lm/v1/tenants/{tenantId}/status-events', {
            params: { path: { tenantId }, query: status ? { status } : {} },
          }),
        );
        if (options.json) return console.log(JSON.stringify(list, null, 2));
        console.log(list.items.length === 0 ? 'no status events' : formatEvents(list.items));
      });
    });

  withServerOptions(
    events.command('create').description('Record an event on a managed service or system (Landscape Administrator)'),
  )
    .option('--tenant <tenant>', 'the Cloud ALM tenant: its id, name or identity zone')
    .option('--object <object>', 'the managed service or system: its id or name')
    .option('--type <eventType>', `one of: ${EVENT_TYPES.join(', ')}`)
    .option('--title <title>', 'what happens, in one line')
    .option('--description <text>', 'more about it')
    .option('--start <time>', 'when it starts, ISO-8601 with an offset (default: now)')
    .option('--end <time>', 'when it is planned to end, ISO-8601 with an offset')
    .action((options: Options) => {
      if (!options.object) usage('--object <id|name> is required');
      if (!options.title) usage('--title is required');
      if (!EVENT_TYPES.includes(options.type as EventType)) usage(`--type is one of: ${EVENT_TYPES.join(', ')}`);
      return withTenant(options, async (api, tenantId) => {
        const objectId = await resolveObject(api, tenantId, options.object!);
        const created = await refusedAsOne(() =>
          answer(
            api.POST('/lm/v1/tenants/{tenantId}/status-events', {
              params: { path: { tenantId } },
              body: {
                objectId,
                eventType: options.type as EventType,
                title: options.title!,
                ...(options.description ? { description: options.description } : {}),
                ...(options.start ? { startTime: options.start } : {}),
                ...(options.end ? { endTime: options.end } : {}),
              },
            }),
          ),
        );
        console.log(
          `recorded ${created.eventType} "${created.title}" on ${created.serviceName} from ${created.startTime}; id ${created.id}`,
        );
      });
    });

  withServerOptions(
    events.command('close <eventId>').description('Close an open event: it ends now (Landscape Administrator)'),
  )
    .option('--tenant <tenant>', 'the Cloud ALM tenant: its id, name or identity zone')
    .action((eventId: string, options: Options) =>
      withTenant(options, async (api, tenantId) => {
        const closed = await refusedAsOne(() =>
          answer(
            api.POST('/lm/v1/tenants/{tenantId}/status-events/{eventId}/close', {
              params: { path: { tenantId, eventId } },
            }),
          ),
        );
        console.log(`closed "${closed.title}" on ${closed.serviceName}; it ended ${closed.endTime}`);
      }),
    );
}
