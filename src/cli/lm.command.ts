/**
 * `calm-keys lm ...`: the SAP Cloud ALM Service Key section of Landscape Management over the REST API, for
 * scripts and for people who prefer a terminal: tenants, key show | upload | download | delete | test, and the
 * recovery window: key deleted | restore (lm-blast-radius.command.ts).
 * Secrets are never printed: `show` masks them, `download` writes a file with mode 0600 (or `-` for stdout).
 * `--tenant` takes a tenant id, name or identity zone (tenants.ts). Exit codes: 0 success, 1 an upload was refused
 * (format check, slot full, too large) or the Test failed, 2 usage, access or server problems.
 */
import { basename } from 'node:path';
import type { Command } from 'commander';
import { LANDSCAPE_ERROR_PREFIX, LANDSCAPE_ERRORS } from '../landscape/errors.js';
import { answer, refusal, withApiClient, withServerOptions, type ApiClient, type Schemas } from './api-client.js';
import { readKeyFile, usage, writeSecretFile } from './files.js';
import { CliExit } from './output.js';
import { formatTenants, listTenants, resolveTenant } from './tenants.js';
import { registerLandscapeEventCommands } from './lm-events.command.js';
import { registerKeyRotationCommands } from './lm-rotation.command.js';
import { registerKeyTestHistoryCommand } from './lm-tests.command.js';
import { registerDeletedKeyCommands, registerKeyDeleteCommand } from './lm-blast-radius.command.js';

interface Options {
  url?: string;
  token?: string;
  ca?: string;
  tenant?: string;
  output?: string;
  dryRun?: boolean;
  confirm?: boolean;
  json?: boolean;
}

type Problem = Schemas['Problem'];

/** The path parameters of the slot's routes (openapi-fetch encodes them). */
const slot = (tenantId: string) => ({ params: { path: { tenantId } } });

function tenantOf(options: Options): string {
  if (!options.tenant)
    usage('--tenant <id|name|identity zone> is required (list your tenants with: calm-keys lm tenants)');
  return options.tenant;
}

/** Runs `work` with the tenant --tenant names (id, name or identity zone), resolved once through the server's list. */
function withTenant(options: Options, work: (api: ApiClient, tenantId: string) => Promise<void>): Promise<void> {
  const given = tenantOf(options);
  return withApiClient(options, async (api) => work(api, (await resolveTenant(api, given)).tenantId));
}

const line = (p: Problem, kind: string) => `  ${kind} ${p.rule ? `${p.rule} ` : ''}${p.path}: ${p.message}`;

/** An upload or dry run: multipart is for browsers; the CLI sends the file as the raw body, byte for byte. */
async function upload(api: ApiClient, tenant: string, file: string, dryRun: boolean): Promise<void> {
  const { bytes } = readKeyFile(file);
  try {
    // the declared text/plain body: the file's bytes as they are, not re-encoded
    const sent = {
      params: { path: { tenantId: tenant }, query: dryRun ? { dryRun: 'true' as const } : {} },
      headers: { 'content-type': 'text/plain' },
      body: '',
      bodySerializer: () => bytes,
    };
    const result = await answer(api.POST('/lm/v1/tenants/{tenantId}/service-key', sent));
    for (const w of result.warnings ?? []) console.log(line(w, 'warning'));
    if ('valid' in result) {
      for (const e of result.errors) console.log(line(e, 'error'));
      console.log(
        result.valid
          ? `${basename(file)} passes the format check; nothing was stored (dry run)`
          : `${basename(file)} would be refused`,
      );
      if (!result.valid) throw new CliExit(1);
      return;
    }
    console.log(
      `uploaded ${basename(file)} as "${result.key?.name}"; status ${result.key?.status.value}: run calm-keys lm key test --tenant ${tenant}`,
    );
  } catch (error) {
    if ((error as { code?: string }).code === LANDSCAPE_ERRORS.format_check_failed) {
      const e = error as { details: Problem[]; warnings: Problem[] };
      console.log(`${basename(file)} was refused by the format check:`);
      for (const p of e.details) console.log(line(p, 'error'));
      for (const w of e.warnings) console.log(line(w, 'warning'));
      throw new CliExit(1);
    }
    // the slot or the file refused it (slot full, too large, unreadable body): refused, as the format check (exit 1)
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith(LANDSCAPE_ERROR_PREFIX)) {
      console.log(`${basename(file)} was refused: ${(error as Error).message} (${code})`);
      throw new CliExit(1);
    }
    throw error;
  }
}

export function registerLandscapeCommands(program: Command): void {
  const lm = program
    .command('lm')
    .description('Landscape Management: the SAP Cloud ALM Service Key of a tenant (one key per tenant).');

  withServerOptions(
    lm
      .command('tenants')
      .description('The Cloud ALM tenants you hold a Landscape Management role in, with their slot state'),
  ).action((options: Options) =>
    withApiClient(options, async (api) => {
      console.log(formatTenants(await listTenants(api)));
    }),
  );

  registerLandscapeEventCommands(lm);
  const key = lm.command('key').description("The tenant's service key: show, upload, download, delete, test");

  withServerOptions(
    key.command('show').description('Show the key with its secret masked, its status and what your roles allow'),
  )
    .option('--tenant <tenant>', 'the Cloud ALM tenant: its id, name or identity zone')
    .option('--json', 'print the whole answer as JSON (secrets masked)')
    .action((options: Options) => {
      return withTenant(options, async (api, tenant) => {
        const view = await answer(api.GET('/lm/v1/tenants/{tenantId}/service-key', slot(tenant)));
        if (options.json) return console.log(JSON.stringify(view, null, 2));
        if (!view.key) return console.log(`the SAP Cloud ALM Service Key slot of ${view.tenantName} is empty`);
        const k = view.key;
        console.log(`${k.name}  status ${k.status.value}${k.status.reason ? `: ${k.status.reason}` : ''}`);
        console.log(
          `${k.source === 'provisioned' ? 'placed by provisioning' : `uploaded by ${k.uploadedBy}`} on ${k.uploadedAt}`,
        );
        if (k.deletedInBtp) console.log(`DELETED IN BTP: ${k.deletedInBtp.message}`);
        const r = view.rotation;
        if (r?.pending)
          console.log(
            `PENDING KEY (staged rotation, ${r.state}): client id ${r.pending.clientId}, Test ${r.pending.status}; the key below stays current until promotion`,
          );
        else if (r?.previous)
          console.log(
            `PREVIOUS KEY (staged rotation): client id ${r.previous.clientId} works until ${r.previous.until}`,
          );
        // the key's X.509 certificate: its end, and a warning within 30 days of it or after (issue 17)
        if (k.certificateExpiry) {
          const e = k.certificateExpiry;
          console.log(`certificate ${e.state}: ${e.message}`);
          if (e.state !== 'valid') console.error(`warning: ${e.message}`);
        }
        console.log(JSON.stringify(k.content, null, 2));
      });
    });

  withServerOptions(
    key
      .command('upload <file>')
      .description(
        'Upload a service key (TXT or JSON, at most 64 KiB) into the empty slot; the format check runs first',
      ),
  )
    .option('--tenant <tenant>', 'the Cloud ALM tenant: its id, name or identity zone')
    .option('--dry-run', 'run the format check only; store nothing')
    .action((file: string, options: Options) => {
      tenantOf(options);
      readKeyFile(file); // a missing file is a usage error, before the token or the server
      return withTenant(options, (api, tenant) => upload(api, tenant, file, options.dryRun === true));
    });

  withServerOptions(key.command('download').description('Download the key exactly as uploaded (contains the secret)'))
    .option('--tenant <tenant>', 'the Cloud ALM tenant: its id, name or identity zone')
    .option('--output <file>', 'where to write it (mode 0600); - for stdout')
    .action((options: Options) => {
      tenantOf(options);
      if (!options.output) usage('--output <file> is required: the key holds the client secret (use - for stdout)');
      return withTenant(options, async (api, tenant) => {
        // the file exactly as uploaded: bytes, not JSON
        const { data, error, response } = await api.GET('/lm/v1/tenants/{tenantId}/service-key/download', {
          ...slot(tenant),
          headers: { accept: '*/*' },
          parseAs: 'arrayBuffer',
        });
        if (!response.ok) throw refusal(response.status, error);
        const bytes = Buffer.from(data as ArrayBuffer);
        if (options.output === '-') return void process.stdout.write(bytes);
        writeSecretFile(options.output!, bytes);
        const suggested = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1];
        console.log(
          `wrote ${bytes.length} bytes to ${options.output} (mode 0600)${suggested ? `; the server names it ${suggested}` : ''}`,
        );
      });
    });

  // delete shows the blast radius first and needs --force for a recently used key; deleted and restore
  registerKeyDeleteCommand(key);
  registerDeletedKeyCommands(key);

  withServerOptions(
    key
      .command('test')
      .description('Test Service Key: can this key log on to the SAP Cloud ALM API? Stores the status'),
  )
    .option('--tenant <tenant>', 'the Cloud ALM tenant: its id, name or identity zone')
    .action((options: Options) => {
      return withTenant(options, async (api, tenant) => {
        const outcome = await answer(api.POST('/lm/v1/tenants/{tenantId}/service-key/test', slot(tenant)));
        const symbol: Record<string, string> = { passed: '✔', failed: '✖', skipped: '-' };
        for (const step of outcome.result.steps)
          console.log(`${symbol[step.status] ?? '?'} ${step.id.padEnd(13)}  ${step.detail}`);
        console.log(
          outcome.status === 'active'
            ? '\nstatus active (green)'
            : `\nstatus ${outcome.status} (red): ${outcome.reason}`,
        );
        if (outcome.status !== 'active') throw new CliExit(1);
      });
    });

  registerKeyRotationCommands(key);

  // the Test history with the failed step and the next scheduled Test (lm-tests.command.ts)
  registerKeyTestHistoryCommand(key);
}
