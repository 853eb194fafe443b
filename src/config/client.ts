/**
 * Settings of the CLI commands that call a calm-keys server's REST API: where it is, the personal API
 * token, and which CA to trust. Read from flags, then the environment.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { DomainError } from '../shared/index.js';

export interface ClientSettings {
  readonly url: string;
  readonly token: string | undefined;
  /** CA files to trust besides the system roots: --ca / CALM_KEYS_CA_FILE, the local data dir's CA, NODE_EXTRA_CA_CERTS. */
  readonly caFiles: readonly string[];
}

const urlSchema = z.url({ protocol: /^https?$/ });

export function loadClientSettings(
  flags: { url?: string; token?: string; ca?: string } = {},
  env: Record<string, string | undefined> = process.env,
): ClientSettings {
  const url = (flags.url ?? env.CALM_KEYS_URL ?? 'https://localhost:8443').replace(/\/+$/, '');
  if (!urlSchema.safeParse(url).success) {
    throw new DomainError('invalid_input', 'config.invalid', `${flags.url ? '--url' : 'CALM_KEYS_URL'} must be an http(s) URL, got ${JSON.stringify(url)}.`);
  }
  const caFiles = [flags.ca ?? env.CALM_KEYS_CA_FILE, join(resolve(env.CALM_KEYS_DATA_DIR ?? './data'), 'tls', 'ca.pem'), env.NODE_EXTRA_CA_CERTS]
    .filter((f): f is string => typeof f === 'string' && f !== '' && existsSync(f));
  return { url, token: flags.token ?? env.CALM_KEYS_API_TOKEN, caFiles: [...new Set(caFiles)] };
}
