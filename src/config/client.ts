/**
 * Settings of the CLI commands that call a calm-keys server's REST API: where it is, the personal API
 * token, and which CA to trust. Read from flags, then the environment (`process.env` unless a caller passes its own).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { DomainError } from '../shared/index.js';
import { CONFIG_ERRORS } from './errors.js';

export interface ClientSettings {
  readonly url: string;
  readonly token: string | undefined;
  /** CA files to trust besides the system roots, by resolveCaFiles. */
  readonly caFiles: readonly string[];
}

const urlSchema = z.url({ protocol: /^https?$/ });

export function loadClientSettings(
  flags: { url?: string; token?: string; ca?: string | readonly string[] } = {},
  env: Record<string, string | undefined> = process.env,
): ClientSettings {
  const url = (flags.url ?? env.CALM_KEYS_URL ?? 'https://localhost:8443').replace(/\/+$/, '');
  if (!urlSchema.safeParse(url).success) {
    throw new DomainError(
      'invalid_input',
      CONFIG_ERRORS.invalid,
      `${flags.url ? '--url' : 'CALM_KEYS_URL'} must be an http(s) URL, got ${JSON.stringify(url)}.`,
    );
  }
  return {
    url,
    token: flags.token ?? env.CALM_KEYS_API_TOKEN,
    caFiles: resolveCaFiles(flags.ca, env).map((f) => f.path),
  };
}

/** A CA file a CLI command trusts, and which setting named it (for error messages). */
export interface CaFile {
  readonly path: string;
  readonly from: '--ca' | 'CALM_KEYS_CA_FILE' | 'data directory' | 'NODE_EXTRA_CA_CERTS';
}

/**
 * The one rule every CLI command trusts a CA by, in this precedence: `--ca` (repeatable), else `CALM_KEYS_CA_FILE`,
 * else `<CALM_KEYS_DATA_DIR or ./data>/tls/ca.pem` when that file exists (a server started from this folder).
 * `NODE_EXTRA_CA_CERTS` is kept in every case: node drops it once a client passes its own CA list.
 * A file named by --ca or CALM_KEYS_CA_FILE must exist; the caller reads and checks the files.
 */
export function resolveCaFiles(
  flagCa: string | readonly string[] | undefined,
  env: Record<string, string | undefined> = process.env,
): CaFile[] {
  const flags = (typeof flagCa === 'string' ? [flagCa] : (flagCa ?? [])).filter((f) => f !== '');
  const local = join(resolve(env.CALM_KEYS_DATA_DIR ?? './data'), 'tls', 'ca.pem');
  const chosen: CaFile[] =
    flags.length > 0
      ? flags.map((path) => ({ path, from: '--ca' as const }))
      : env.CALM_KEYS_CA_FILE
        ? [{ path: env.CALM_KEYS_CA_FILE, from: 'CALM_KEYS_CA_FILE' }]
        : existsSync(local)
          ? [{ path: local, from: 'data directory' }]
          : [];
  for (const file of chosen) {
    if (file.from !== 'data directory' && !existsSync(file.path)) {
      throw new DomainError(
        'invalid_input',
        CONFIG_ERRORS.invalid,
        `${file.from} names a CA file that does not exist: ${file.path}.`,
      );
    }
  }
  const extra = env.NODE_EXTRA_CA_CERTS;
  const all = extra && existsSync(extra) ? [...chosen, { path: extra, from: 'NODE_EXTRA_CA_CERTS' as const }] : chosen;
  return all.filter((f, i) => all.findIndex((g) => resolve(g.path) === resolve(f.path)) === i);
}
