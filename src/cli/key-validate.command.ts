/**
 * `calm-keys key validate <file> [--tenant <identityzone>] [--json]`: the Landscape Management upload check
 * (F1-F4) and our lint, offline, on any key file, including real SAP keys. Exit 0 valid, 1 invalid, 2 when
 * the file cannot be read. Secrets are never printed: the JSON output carries the summary, not the key.
 */
import { open } from 'node:fs/promises';
import type { Command } from 'commander';
import { MAX_SERVICE_KEY_BYTES, redactValidationReport, validateServiceKey } from '../service-key/index.js';
import type { ValidationReport } from '../service-key/index.js';
import { CliExit } from './output.js';

interface ValidateFlags {
  readonly tenant?: string;
  readonly json?: boolean;
}

export function registerKeyValidate(key: Command): void {
  key
    .command('validate')
    .description(
      'Check a service-key file the way Landscape Management checks an upload (F1-F4), plus warnings. Offline; secrets are never printed.',
    )
    .argument('<file>', 'the key file, as downloaded from the BTP cockpit')
    .option('--tenant <identityzone>', "also check that the key belongs to this tenant's identity zone (F2)")
    .option('--json', 'print the report as JSON')
    .action(async (file: string, flags: ValidateFlags) => {
      const head = await readHead(file);
      const report = validateServiceKey(head.bytes, {
        totalBytes: head.size,
        ...(flags.tenant === undefined ? {} : { tenantIdentityZone: flags.tenant }),
      });
      console.log(
        flags.json === true ? formatValidationReportJson(report, file) : formatValidationReport(report, file),
      );
      if (!report.valid) throw new CliExit(1);
    });
}

/** The human report: a verdict line, then one line per error and warning with its rule and JSON path. */
export function formatValidationReport(report: ValidationReport, file: string): string {
  const summary = report.key?.summary;
  const verdict = report.valid
    ? `valid: ${file} (${summary?.credentialType ?? 'no credential type'}, client ${summary?.clientId ?? '(none)'}, zone ${summary?.identityZone ?? '(none)'})`
    : `invalid: ${file}`;
  return [
    verdict,
    ...report.errors.map((problem) => `  error ${problem.rule ?? ''} ${problem.path}: ${problem.message}`),
    ...report.warnings.map((problem) => `  warning ${problem.rule ?? ''} ${problem.path}: ${problem.message}`),
  ].join('\n');
}

/** The report for scripts: verdict, problems and the key's summary; never the raw key or its secret. */
export function formatValidationReportJson(report: ValidationReport, file: string): string {
  return JSON.stringify({ file, ...redactValidationReport(report) }, null, 2);
}

/**
 * Reads at most MAX_SERVICE_KEY_BYTES + 1 bytes: enough to check any key and to notice a file that is too
 * big, without loading a wrongly picked 10 MB file. The real size comes from stat, for the message.
 */
async function readHead(file: string): Promise<{ bytes: Uint8Array; size: number }> {
  try {
    const handle = await open(file, 'r');
    try {
      const stat = await handle.stat();
      if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      const buffer = Buffer.alloc(MAX_SERVICE_KEY_BYTES + 1);
      let length = 0;
      // a pipe or /dev/stdin reports size 0 and may deliver its bytes in several reads
      while (length < buffer.length) {
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
        if (bytesRead === 0) break;
        length += bytesRead;
      }
      return { bytes: buffer.subarray(0, length), size: Math.max(stat.size, length) };
    } finally {
      await handle.close();
    }
  } catch (error) {
    console.error(`error: cannot read ${file}: ${describeReadError(error)}`);
    throw new CliExit(2);
  }
}

function describeReadError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file.';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied.';
    case 'EISDIR':
      return 'it is a directory; give the path of the key file.';
    default:
      return typeof code === 'string' ? `${code}.` : error instanceof Error ? error.message : String(error);
  }
}
