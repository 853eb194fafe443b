/**
 * Where the master key comes from: configuration (base64, e.g. from a secret manager) or a file.
 * On first start the file is created with mode 0600 (exclusive create, so two processes starting at once
 * cannot each write a different key); afterwards it is only read.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DomainError } from '../shared/index.js';
import { MASTER_KEY_BYTES } from './envelope.js';
import { CONFIG_ERRORS } from '../config/errors.js';

export type MasterKeySource =
  { readonly kind: 'inline'; readonly base64: string } | { readonly kind: 'file'; readonly path: string };

export interface LoadedMasterKey {
  readonly key: Buffer;
  /** True when this call generated the key (first start): the caller announces it loudly. */
  readonly created: boolean;
  /** Warnings worth printing, e.g. a key file readable by other users. */
  readonly warnings: readonly string[];
  readonly description: string;
}

function decode(text: string, where: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== MASTER_KEY_BYTES) {
    throw new DomainError(
      'invalid_input',
      CONFIG_ERRORS.master_key,
      `The master key from ${where} must be ${MASTER_KEY_BYTES} random bytes in base64 (44 characters); it decodes to ${key.length} bytes. Generate one with: node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`,
    );
  }
  return key;
}

export function loadOrCreateMasterKey(source: MasterKeySource): LoadedMasterKey {
  if (source.kind === 'inline') {
    return {
      key: decode(source.base64, 'CALM_KEYS_MASTER_KEY'),
      created: false,
      warnings: [],
      description: 'configuration (CALM_KEYS_MASTER_KEY)',
    };
  }
  const { path } = source;
  let created = false;
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, `${randomBytes(MASTER_KEY_BYTES).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
    created = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const warnings: string[] = [];
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    warnings.push(
      `The master key file ${path} is readable by other users (mode ${mode.toString(8)}); run: chmod 600 ${path}`,
    );
  }
  return { key: decode(readFileSync(path, 'utf8'), path), created, warnings, description: `file ${path}` };
}
