/**
 * The start-up announcement: where the server listens, what it created on this start (master key, local CA,
 * administrator, demo landscape) and what a person does next. Printed once the server serves, because its
 * one-time password is shown only by the start that created it. Secrets in it: that password, nothing else.
 */
import type { LoadedMasterKey, LocalTls } from '../crypto/index.js';
import type { DemoLandscape } from './demo-landscape.js';
import type { SeedOutcome } from './seed/apply.js';

/** The start of the last line of the announcement: machine-readable, JSON after it (a test suite reads the ports). */
export const READY_LINE_PREFIX = 'calm-keys ready ';

export interface StartFacts {
  readonly version: string;
  /** Where the one origin listens, and its public base URL. */
  readonly url: string;
  readonly publicUrl: string;
  /** The mTLS listener's public base URL; undefined when it does not run. */
  readonly mtlsUrl: string | undefined;
  readonly database: { readonly dialect: string; readonly location: string };
  readonly masterKey: Pick<LoadedMasterKey, 'description' | 'created' | 'warnings'>;
  readonly tls: Pick<LocalTls, 'caFile' | 'created'> | undefined;
  readonly admin: {
    readonly username: string;
    readonly created: boolean;
    readonly oneTimePassword?: string | undefined;
  };
  readonly demo: DemoLandscape | undefined;
  /** With --in-memory: the temporary data directory removed at exit. */
  readonly temporaryDataDir?: string | undefined;
  /** The seed file of this start and what it created (all zero after the first start). */
  readonly seed?: { readonly file: string; readonly created: SeedOutcome } | undefined;
}

export function announceStart(out: { write(text: string): unknown }, facts: StartFacts): void {
  for (const line of announcementLines(facts)) out.write(`${line}\n`);
}

function announcementLines(f: StartFacts): string[] {
  const lines = [
    `calm-keys ${f.version} listening on ${f.url} (public URL ${f.publicUrl})`,
    `  database: ${f.database.dialect} at ${f.database.location}`,
    `  master key: ${f.masterKey.description}${f.masterKey.created && !f.temporaryDataDir ? ' (GENERATED on this start: back it up; without it stored secrets cannot be read)' : ''}`,
    ...f.masterKey.warnings.map((warning) => `  WARNING: ${warning}`),
  ];
  if (f.temporaryDataDir)
    lines.push(`  in memory: nothing is kept; ${f.temporaryDataDir} (master key, local CA) is removed at exit`);
  if (f.tls) {
    const { caFile, created } = f.tls;
    lines.push(`  TLS: local CA ${caFile}${created.length ? ` (created: ${created.join(', ')})` : ''}`);
    lines.push(`       clients trust it with NODE_EXTRA_CA_CERTS=${caFile} (or curl --cacert ${caFile})`);
  }
  if (f.admin.created) {
    lines.push(`  administrator "${f.admin.username}" created.`);
    if (f.admin.oneTimePassword) {
      lines.push(`  ONE-TIME PASSWORD for "${f.admin.username}": ${f.admin.oneTimePassword}`);
      lines.push(
        `  It is shown only now. Sign in and change it (POST /auth/v1/password), or set CALM_KEYS_ADMIN_PASSWORD before the first start.`,
      );
    }
  }
  lines.push(
    `  token endpoint: ${f.publicUrl}/oauth/token${f.mtlsUrl ? `  mTLS (x509 keys): ${f.mtlsUrl}/oauth/token` : ''}`,
  );
  lines.push(`  health: ${f.url}/healthz  readiness: ${f.url}/readyz`);
  if (f.demo) {
    lines.push(
      `  demo landscape: subaccount "${f.demo.subdomain}" with a Cloud ALM tenant provisioned today, its generated service key in Landscape Management,`,
    );
    lines.push(`                  and a managed service with monitoring on (id ${f.demo.serviceId})`);
  }
  if (f.seed) {
    const made = Object.entries(f.seed.created)
      .filter(([, n]) => n > 0)
      .map(
        ([what, n]) =>
          `${n} ${what.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`).replace(n === 1 ? /s$/ : /$^/, '')}`,
      );
    lines.push(
      `  seed: ${f.seed.file}: ${made.length ? `created ${made.join(', ')}` : 'everything in it exists already'}`,
    );
  }
  lines.push(`${READY_LINE_PREFIX}${JSON.stringify(readyFacts(f))}`);
  return lines;
}

/** The last line's JSON: where to connect and what to trust, with the ports chosen for --port 0. No secret. */
function readyFacts(f: StartFacts) {
  const portOf = (url: string) => Number(new URL(url).port || (url.startsWith('https:') ? 443 : 80));
  return {
    url: f.url,
    publicUrl: f.publicUrl,
    port: portOf(f.url),
    tokenUrl: `${f.publicUrl}/oauth/token`,
    mtlsUrl: f.mtlsUrl ?? null,
    mtlsPort: f.mtlsUrl ? portOf(f.mtlsUrl) : null,
    caFile: f.tls?.caFile ?? null,
    adminUser: f.admin.username,
  };
}
