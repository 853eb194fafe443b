/**
 * The options of `calm-keys btp ...` and their checks, made before any call to the server: the nouns of SAP's
 * btp CLI (`services/instance`, `services/binding`, `services/plan`, ...), JSON parameters, required options,
 * the key format.
 */
import { BTP_ERRORS } from '../btp/errors.js';
import { invalidInput } from '../shared/index.js';
import { CLI_ERRORS } from './errors.js';

export type Noun =
  | 'services/binding'
  | 'services/instance'
  | 'services/offering'
  | 'services/plan'
  | 'accounts/subaccount'
  | 'accounts/global-account';
export const NOUNS: readonly Noun[] = [
  'services/binding',
  'services/instance',
  'services/offering',
  'services/plan',
  'accounts/subaccount',
  'accounts/global-account',
];

export interface Options {
  url?: string;
  token?: string;
  ca?: string;
  name?: string;
  binding?: string;
  instanceName?: string;
  instanceId?: string;
  subaccount?: string;
  globalAccount?: string;
  subdomain?: string;
  region?: string;
  offeringName?: string;
  planName?: string;
  plan?: string;
  parameters?: string;
  confirm?: boolean;
  output?: string;
  format?: string;
}

export function noun(value: string): Noun {
  if (!(NOUNS as readonly string[]).includes(value))
    throw invalidInput(CLI_ERRORS.unknown_noun, `Unknown object "${value}". Use one of: ${NOUNS.join(', ')}.`);
  return value as Noun;
}

export function parameters(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalidInput(CLI_ERRORS.bad_parameters, '--parameters must be JSON, e.g. \'{"credential-type":"x509"}\'.', [
      { path: '--parameters', message: 'not JSON' },
    ]);
  }
}

export function need(value: string | undefined, flag: string): string {
  if (!value)
    throw invalidInput(CLI_ERRORS.missing_option, `${flag} is required here.`, [{ path: flag, message: 'required' }]);
  return value;
}

/**
 * The name rule of the BTP cockpit and SAP's btp CLI (docs/sap-sources.md §2), which `/btp/v1` applied: at most
 * 32 letters, digits, ".", "-" and "_". The Service Manager API (`/v1`) takes longer names, as SAP's own API
 * clients give them; the CLI speaks the btp CLI's language, so it keeps the cockpit's rule, checked here.
 */
const COCKPIT_NAME = /^[A-Za-z0-9._-]{1,32}$/;

export function cockpitName(value: string, what: 'instance' | 'binding', flag: string): string {
  if (COCKPIT_NAME.test(value)) return value;
  throw invalidInput(
    what === 'instance' ? BTP_ERRORS.bad_instance_name : BTP_ERRORS.bad_binding_name,
    `${what === 'instance' ? 'An instance' : 'A binding'} name has at most 32 characters: letters, digits, ".", "-" and "_" (use "_" instead of spaces).`,
    [{ path: flag, message: 'at most 32 of A-Z a-z 0-9 . - _' }],
  );
}

export const print = (value: unknown) => console.log(JSON.stringify(value, null, 2));

export function keyFormat(value: string | undefined): 'key' | 'cf' {
  if (value === undefined || value === 'key' || value === 'cf') return value ?? 'key';
  throw invalidInput(CLI_ERRORS.bad_format, `--format is "key" or "cf", not "${value}".`, [
    { path: '--format', message: 'key or cf' },
  ]);
}
