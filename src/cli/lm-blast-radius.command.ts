/**
 * The blast radius and the recovery window in the CLI (issue 17): `lm key delete` shows who used the key
 * recently and refuses a key used in the last 24 h without `--force` (exit 1); `lm key deleted` lists the
 * recently deleted keys (no secret); `lm key restore [<id>]` puts one back into the empty slot. Exit codes:
 * 0 success, 1 refused (recently used without --force, slot full, nothing to restore), 2 usage, access or server.
 */
import type { Command } from 'commander';
import { LANDSCAPE_ERRORS } from '../landscape/errors.js';
import { answer, withApiClient, withServerOptions, type ApiClient, type Schemas } from './api-client.js';
import { usage } from './files.js';
import { CliExit } from './output.js';
import { resolveTenant } from './tenants.js';

interface Options {
  url?: string;
  token?: string;
  ca?: string;
  tenant?: string;
  confirm?: boolean;
  force?: boolean;
  json?: boolean;
}

type BlastRadius = Schemas['BlastRadius'];

const slot = (tenantId: string) => ({ params: { path: { tenantId } } });

function withTenant(options: Options, work: (api: ApiClient, tenantId: string) => Promise<void>): Promise<void> {
  if (!options.tenant)
    usage('--tenant <id|name|identity zone> is required (list your tenants with: calm-keys lm tenants)');
  const given = options.tenant;
  return withApiClient(options, async (api) => work(api, (await resolveTenant(api, given)).tenantId));
}

/** The blast radius as lines for a terminal. */
export function formatBlastRadius(radius: BlastRadius): string {
  const lines = [`blast radius of "${radius.name}" (client id ${radius.clientId}):`];
  if (radius.pushes.length === 0) lines.push('  pushes: none recorded with this client id');
  for (const p of radius.pushes) lines.push(`  pushed: ${p.name} (${p.kind}) last at ${p.at}`);
  lines.push(`  last token issued: ${radius.lastTokenAt ?? 'none recorded'}`);
  if (radius.calls.length === 0) lines.push(`  calls in the last ${radius.callWindowDays} days: none`);
  else lines.push(`  calls in the last ${radius.callWindowDays} days by client address:`);
  for (const c of radius.calls)
    lines.push(
      `    ${c.address}  ${c.tokenRequests} token requests, ${c.apiCalls} API calls${c.testCalls ? `, ${c.testCalls} by calm-keys' Test` : ''}; last ${c.lastAt} (${c.days} day${c.days === 1 ? '' : 's'})`,
    );
  lines.push(
    radius.recentUse
      ? `  USED IN THE LAST 24 HOURS: ${radius.recentUse.detail} at ${radius.recentUse.at}`
      : '  not used in the last 24 hours (calm-keys Tests aside)',
  );
  return lines.join('\n');
}

const code = (error: unknown) => (error as { code?: unknown }).code;

/** `lm key delete`: the blast radius first, then the delete (confirmed with --force for a recently used key). */
export function registerKeyDeleteCommand(key: Command): void {
  withServerOptions(
    key
      .command('delete')
      .description(
        'Delete the key from Landscape Management (the binding in BTP stays); shows who used it recently first',
      ),
  )
    .option('--tenant <tenant>', 'the Cloud ALM tenant: its id, name or identity zone')
    .option('--confirm', 'confirm the deletion (managed services using this key stop being able to connect through LM)')
    .option('--force', 'delete even though the key was used in the last 24 hours')
    .action((options: Options) => {
      if (!options.tenant)
        usage('--tenant <id|name|identity zone> is required (list your tenants with: calm-keys lm tenants)');
      if (!options.confirm && !options.force) usage('deleting the key needs --confirm (or --force)');
      return withTenant(options, async (api, tenant) => {
        const radius = await answer(api.GET('/lm/v1/tenants/{tenantId}/service-key/blast-radius', slot(tenant)));
        console.log(formatBlastRadius(radius));
        if (radius.needsConfirmation && !options.force) {
          console.log('refused: the key was used in the last 24 hours; run again with --force to delete it anyway');
          throw new CliExit(1);
        }
        try {
          await answer(
            api.DELETE('/lm/v1/tenants/{tenantId}/service-key', {
              params: {
                path: { tenantId: tenant },
                query: { keyId: radius.keyId, ...(options.force ? { confirm: 'recently-used' as const } : {}) },
              },
            }),
          );
        } catch (error) {
          if (code(error) === LANDSCAPE_ERRORS.key_recently_used || code(error) === LANDSCAPE_ERRORS.key_changed) {
            console.log(`refused: ${(error as Error).message}`);
            throw new CliExit(1);
          }
          throw error;
        }
        console.log(
          `deleted the key from Landscape Management; the binding in BTP is untouched (delete it there if it is no longer used). Restorable for the recovery window: calm-keys lm key restore --tenant ${tenant}`,
        );
      });
    });
}

export function registerDeletedKeyCommands(key: Command): void {
  withServerOptions(
    key.command('deleted').description('Recently deleted keys of the tenant, restorable within the recovery window'),
  )
    .option('--tenant <tenant>', 'the Cloud ALM tenant: its id, name or identity zone')
    .option('--json', 'print the answer as JSON')
    .action((options: Options) =>
      withTenant(options, async (api, tenant) => {
        const list = await answer(api.GET('/lm/v1/tenants/{tenantId}/service-key/deleted', slot(tenant)));
        if (options.json) return console.log(JSON.stringify(list, null, 2));
        if (list.items.length === 0) return console.log(`no key deleted in the last ${list.retentionDays} days`);
        console.log(
          'ID                                    NAME                 CLIENT ID                      DELETED AT                DELETED BY  PURGED AFTER',
        );
        for (const k of list.items)
          console.log(
            `${k.id.padEnd(37)} ${k.name.padEnd(20)} ${k.clientId.padEnd(30)} ${k.deletedAt.padEnd(25)} ${k.deletedBy.padEnd(11)} ${k.purgeAfter}`,
          );
      }),
    );

  withServerOptions(
    key
      .command('restore [id]')
      .description('Restore a recently deleted key (default: the most recent) into the empty slot, as it was'),
  )
    .option('--tenant <tenant>', 'the Cloud ALM tenant: its id, name or identity zone')
    .action((id: string | undefined, options: Options) =>
      withTenant(options, async (api, tenant) => {
        try {
          const restored = await answer(
            api.POST('/lm/v1/tenants/{tenantId}/service-key/restore', {
              params: { path: { tenantId: tenant }, query: id ? { id } : {} },
            }),
          );
          console.log(
            `restored "${restored.name}" (client id ${restored.clientId}, deleted ${restored.deletedAt} by ${restored.deletedBy}); run calm-keys lm key test --tenant ${tenant}`,
          );
        } catch (error) {
          if (code(error) === LANDSCAPE_ERRORS.slot_full || code(error) === LANDSCAPE_ERRORS.deleted_key_not_found) {
            console.log(`refused: ${(error as Error).message}`);
            throw new CliExit(1);
          }
          throw error;
        }
      }),
    );
}
