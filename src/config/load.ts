/** Builds the Config from the environment and command-line flags; with client.ts, the only reader of process.env. */
import { isAbsolute, join, resolve } from 'node:path';
import { DomainError, type Problem } from '../shared/index.js';
import { configSchema, ENV, type ParsedConfig, type SettingName } from './schema.js';
import { CONFIG_ERRORS } from './errors.js';

export interface Config extends Omit<ParsedConfig, 'publicUrl' | 'masterKeyFile' | 'mtlsPublicUrl' | 'mtlsPort'> {
  /** The mTLS listener's port: as set, else 8444, else 0 (a free port) when `port` is 0. */
  readonly mtlsPort: number;
  /** Absolute data directory. */
  readonly dataDir: string;
  /** Public base URL without a trailing slash. */
  readonly publicUrl: string;
  readonly masterKeyFile: string;
  /** Public base URL of the mTLS token endpoint (`uaa.certurl`), without a trailing slash. */
  readonly mtlsPublicUrl: string;
  /** `:memory:` with `inMemory`. */
  readonly sqliteFile: string;
  readonly tlsDir: string;
  /** The environment variable `name` of the environment this config was read from: `${VAR}` in a seed file. */
  readonly seedVariable: (name: string) => string | undefined;
}

export type Flags = Partial<Record<SettingName, string | number | undefined>>;

/** Reads the settings from `env` (defaults to process.env) and `flags` (flags win). Throws one error naming every bad variable. */
export function loadConfig(flags: Flags = {}, env: Record<string, string | undefined> = process.env): Config {
  const raw: Record<string, unknown> = {};
  for (const [name, variable] of Object.entries(ENV) as [SettingName, string][]) {
    const fromFlag = flags[name];
    const fromEnv = env[variable];
    const value = fromFlag ?? (fromEnv === '' ? undefined : fromEnv);
    if (value !== undefined) raw[name] = value;
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const bySetting = new Map<SettingName, string[]>();
    for (const issue of parsed.error.issues) {
      const setting = String(issue.path[0]) as SettingName;
      bySetting.set(setting, [...(bySetting.get(setting) ?? []), issue.message]);
    }
    const details: Problem[] = [...bySetting].map(([setting, messages]) => ({
      path: flags[setting] !== undefined ? `--${kebab(setting)}` : (ENV[setting] ?? setting),
      message: `${messages.join('; ')} (got ${shown(setting, raw[setting])})`,
    }));
    const names = details.map((d) => d.path).join(', ');
    throw new DomainError('invalid_input', CONFIG_ERRORS.invalid, `Invalid configuration: ${names}.`, { details });
  }
  if (parsed.data.inMemory && parsed.data.databaseUrl)
    throw new DomainError('invalid_input', CONFIG_ERRORS.invalid, 'Invalid configuration: --in-memory, DATABASE_URL.', {
      details: [
        { path: '--in-memory', message: 'runs on SQLite in memory: unset DATABASE_URL, or leave --in-memory out' },
      ],
    });
  const variables = { ...env };
  return finish(parsed.data, (name) => variables[name]);
}

/** Settings whose values must never be echoed: the master key, passwords, and URLs that may embed one. */
const SECRET_SETTINGS: ReadonlySet<SettingName> = new Set(['masterKey', 'adminPassword', 'databaseUrl']);

function shown(setting: SettingName, value: unknown): string {
  return SECRET_SETTINGS.has(setting) ? 'a value that is not shown because it may be secret' : JSON.stringify(value);
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function finish(c: ParsedConfig, seedVariable: Config['seedVariable']): Config {
  const dataDir = isAbsolute(c.dataDir) ? c.dataDir : resolve(c.dataDir);
  const scheme = c.tls === 'off' ? 'http' : 'https';
  const publicUrl = (c.publicUrl ?? `${scheme}://localhost:${c.port}`).replace(/\/+$/, '');
  // with --port 0 (a test suite) the mTLS listener takes a free port too, so that parallel runs do not collide
  const mtlsPort = c.mtlsPort ?? (c.port === 0 ? 0 : 8444);
  return {
    ...c,
    dataDir,
    publicUrl,
    mtlsPort,
    masterKeyFile: c.masterKeyFile ?? join(dataDir, 'master.key'),
    mtlsPublicUrl: (c.mtlsPublicUrl ?? `https://localhost:${mtlsPort}`).replace(/\/+$/, ''),
    sqliteFile: c.inMemory ? ':memory:' : join(dataDir, 'calm-keys.db'),
    tlsDir: join(dataDir, 'tls'),
    seedVariable,
  };
}
