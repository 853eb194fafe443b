/** Reading the files a CLI command is given (service keys, CA certificates), with one-line usage errors (exit 2). */
import { closeSync, fchmodSync, fstatSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { MAX_SERVICE_KEY_BYTES } from '../service-key/index.js';
import { CliExit } from './output.js';

/** A usage problem: one line on stderr, exit 2. */
export function usage(message: string): never {
  console.error(`error: ${message}`);
  throw new CliExit(2);
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Reads at most the size limit plus one byte, so a wrongly picked huge file is refused without loading it. */
export function readKeyFile(path: string): { bytes: Buffer; totalBytes: number } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    const code = errorCode(error);
    usage(code === 'ENOENT' ? `no such file: ${path}` : `cannot read ${path} (${code ?? 'unknown error'})`);
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) usage(`${path} is a directory, not a service-key file`);
    const bytes = Buffer.alloc(Math.min(stats.size, MAX_SERVICE_KEY_BYTES + 1));
    const read = readSync(fd, bytes, 0, bytes.length, 0);
    return { bytes: bytes.subarray(0, read), totalBytes: stats.size };
  } finally {
    closeSync(fd);
  }
}

export function readCaFiles(paths: readonly string[]): string[] {
  return paths.map((path) => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      const code = errorCode(error);
      usage(
        code === 'ENOENT' ? `no such CA file: ${path}` : `cannot read CA file ${path} (${code ?? 'unknown error'})`,
      );
    }
    if (!text.includes('-----BEGIN CERTIFICATE-----'))
      usage(`${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`);
    return text;
  });
}

/** Writes a secret to a file only its owner can read, also when the file existed with wider permissions. */
export function writeSecretFile(path: string, content: string | Uint8Array): void {
  const fd = openSync(path, 'w', 0o600);
  try {
    fchmodSync(fd, 0o600);
    writeSync(fd, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
  } finally {
    closeSync(fd);
  }
}
