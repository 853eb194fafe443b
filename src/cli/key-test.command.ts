/**
 * `calm-keys key test <file>`: tests a service key online against its own token server (and optionally
 * its API). Works for real SAP keys and for ours. Prints one line per step; never the secret, the private
 * key or the token. Exit 0 when every step that ran passed, 1 when one failed, 2 for usage problems.
 */
import type { Command } from 'commander';
import { createEgressClient } from '../egress/index.js';
import { DEFAULT_API_PROBE_PATH, testServiceKey, type KeyTestResult, type KeyTestStep } from '../key-test/index.js';
import { parseServiceKey, SERVICE_KEY_RULES, validateServiceKey, type ValidationReport } from '../service-key/index.js';
import { systemClock } from '../shared/index.js';
import { CliExit } from './output.js';
import { readKeyFile, usage } from './files.js';
import { isTlsTrustFailure, TRUST_HINT, trustedCaCertificates } from './trust.js';

interface KeyTestFlags {
  timeout?: string;
  ca?: string[];
  api?: boolean;
  apiPath?: string;
  json?: boolean;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_CONNECT_TIMEOUT_MS = 5_000;

function parseTimeout(value: string | undefined): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 100 || ms > 120_000)
    usage(`--timeout must be a whole number of milliseconds from 100 to 120000, not "${value}"`);
  return ms;
}

const SYMBOL: Record<KeyTestStep['status'], string> = { passed: '✔', failed: '✖', skipped: '-' };

export function formatStep(step: KeyTestStep, width: number): string {
  return `${SYMBOL[step.status]} ${step.id.padEnd(width)}  ${step.detail}`;
}

export function formatResult(result: KeyTestResult): string {
  const width = Math.max(...result.steps.map((s) => s.id.length));
  const lines = result.steps.map((step) => formatStep(step, width));
  lines.push('', result.ok ? `PASS  ${result.summary}` : `FAIL  the key failed at step ${result.failedStep ?? '?'}`);
  return lines.join('\n');
}

async function runKeyTest(file: string, flags: KeyTestFlags): Promise<void> {
  const timeoutMs = parseTimeout(flags.timeout);
  const caCertificates = trustedCaCertificates(flags.ca);
  const { bytes, totalBytes } = readKeyFile(file);
  const parsed = parseServiceKey(bytes, { totalBytes });
  if (!parsed.ok) {
    console.error(`error: ${file}: ${parsed.problem.message}`);
    throw new CliExit(1);
  }
  if (!flags.json) for (const warning of parsed.warnings) console.error(`note: ${warning.message}`);
  const expiryWarnings = certificateWarningsOf(validateServiceKey(bytes, { totalBytes }));
  if (!flags.json) for (const line of formatCertificateWarnings(expiryWarnings)) console.error(line);

  const egress = createEgressClient({
    timeoutMs,
    connectTimeoutMs: Math.min(MAX_CONNECT_TIMEOUT_MS, timeoutMs),
    ...(caCertificates.length > 0 ? { caCertificates } : {}),
  });
  let result: KeyTestResult;
  try {
    result = await testServiceKey(parsed.key.document, {
      egress,
      clock: systemClock,
      apiProbe: flags.api === true,
      apiProbePath: flags.apiPath ?? DEFAULT_API_PROBE_PATH,
    });
  } finally {
    await egress.close();
  }
  const printed = expiryWarnings.length === 0 ? result : { ...result, certificateWarnings: expiryWarnings };
  console.log(flags.json ? JSON.stringify(printed, null, 2) : formatResult(result));
  if (!flags.json && isTlsTrustFailure(result.reason ?? '')) console.error(`hint: ${TRUST_HINT}`);
  if (!result.ok) throw new CliExit(1);
}

const CERTIFICATE_RULES: readonly string[] = [
  SERVICE_KEY_RULES.cert_expired,
  SERVICE_KEY_RULES.cert_expiring,
  SERVICE_KEY_RULES.cert_not_yet_valid,
];

/**
 * The certificate warnings of `key validate` (W-cert-expiring within 7 days, W-cert-expired, W-cert-not-yet-valid):
 * a test may pass today with a certificate that stops working in a few days, so `key test` says so too.
 */
export function certificateWarningsOf(report: ValidationReport): { rule: string; path: string; message: string }[] {
  return report.warnings
    .filter((w) => w.rule !== undefined && CERTIFICATE_RULES.includes(w.rule))
    .map((w) => ({ rule: w.rule ?? '', path: w.path, message: w.message }));
}

export function formatCertificateWarnings(warnings: readonly { rule: string; path: string; message: string }[]) {
  return warnings.map((w) => `warning ${w.rule} ${w.path}: ${w.message}`);
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export function registerKeyTest(key: Command): void {
  key
    .command('test')
    .description(
      'Test a service key online: get a token from its token server, verify the token signature and claims, and optionally call the API. Works with real SAP keys.',
    )
    .argument('<file>', 'the service-key JSON file (as downloaded from BTP or Landscape Management)')
    .option('--timeout <ms>', `deadline for each HTTP request in milliseconds (default ${DEFAULT_TIMEOUT_MS})`)
    .option(
      '--ca <pemfile>',
      'trust this CA certificate too, e.g. the calm-keys local CA (repeatable; env CALM_KEYS_CA_FILE; else ./data/tls/ca.pem when present; NODE_EXTRA_CA_CERTS is kept)',
      collect,
    )
    .option('--api', 'also call the Cloud ALM API (endpoints.Api) with the token')
    .option('--api-path <path>', `path under endpoints.Api for --api (default ${DEFAULT_API_PROBE_PATH})`)
    .option('--json', 'print the structured result as JSON')
    .action(async (file: string, flags: KeyTestFlags) => runKeyTest(file, flags));
}
