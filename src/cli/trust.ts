/**
 * Which CA certificates a CLI command trusts, the same for every command (`--ca`, `CALM_KEYS_CA_FILE`,
 * `./data/tls/ca.pem` when present, `NODE_EXTRA_CA_CERTS`: config's resolveCaFiles), and what to say when the
 * server's certificate is not trusted. A trust failure is never retried: it needs a person to name the CA.
 */
import { resolveCaFiles } from '../config/index.js';
import { isEgressError } from '../egress/index.js';
import { readCaFiles } from './files.js';

/** The PEM texts to trust besides node's roots; a missing or non-PEM file named by a flag or variable is a usage error. */
export function trustedCaCertificates(flagCa: string | readonly string[] | undefined): string[] {
  return readCaFiles(resolveCaFiles(flagCa).map((file) => file.path));
}

export const TRUST_HINT =
  "trust the server's CA with --ca <file> or CALM_KEYS_CA_FILE=<file> (NODE_EXTRA_CA_CERTS works too; ./data/tls/ca.pem is used when present): calm-keys serve prints where its CA file is";

/** An untrusted or mismatched server certificate, from an egress error or from a step's failure text. */
export function isTlsTrustFailure(failure: unknown): boolean {
  if (isEgressError(failure)) return failure.kind === 'tls';
  const text = typeof failure === 'string' ? failure : failure instanceof Error ? failure.message : '';
  return /certificate is not trusted|certificate is not valid for the host name/.test(text);
}
