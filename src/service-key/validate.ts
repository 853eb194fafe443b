/**
 * The format check of a service-key file as Landscape Management runs it on upload, plus our lint.
 * Errors come in rule order (size/F1, F3, F4, F2, then our certificate check); every rule that fails is
 * reported, except that a file that is not a JSON object stops at that one problem. Never throws.
 */
import type { Problem } from '../shared/index.js';
import { certificateError, certificateTypeError, certificateWarnings } from './certificates.js';
import { describeServiceKey } from './describe.js';
import { objectOf, readString, withArticle } from './fields.js';
import { checkClientCredentials, checkCredentialType, checkIdentityZone } from './format-check.js';
import { lintServiceKey } from './lint.js';
import { parseServiceKey } from './parse.js';
import type { JsonObject, ServiceKeySummary, ValidateOptions, ValidationReport } from './service-key.types.js';
import { SERVICE_KEY_RULES } from './errors.js';

export function validateServiceKey(input: string | Uint8Array, options: ValidateOptions = {}): ValidationReport {
  try {
    return runChecks(input, options);
  } catch (error) {
    // A bug in a check must not turn an upload into a 500 with a stack trace; report it as what it is.
    const message = `The key could not be checked because of an internal error (${error instanceof Error ? error.name : 'unknown'}). Please report this with the file's structure, not its secrets.`;
    return { valid: false, errors: [{ path: '$', rule: SERVICE_KEY_RULES.internal, message }], warnings: [] };
  }
}

function runChecks(input: string | Uint8Array, options: ValidateOptions): ValidationReport {
  const parsed = parseServiceKey(input, options.totalBytes === undefined ? {} : { totalBytes: options.totalBytes });
  if (!parsed.ok) return { valid: false, errors: [parsed.problem], warnings: [] };

  const { document } = parsed.key;
  const now = options.now ?? new Date();
  const summary = describeServiceKey(document, { now });
  const errors: Problem[] = [
    ...checkClientCredentials(document),
    ...checkCredentialType(document),
    ...(options.tenantIdentityZone === undefined ? [] : checkIdentityZone(document, options.tenantIdentityZone)),
    ...certificateErrors(document, summary),
  ];
  const warnings: Problem[] = [
    ...parsed.warnings,
    ...lintServiceKey(document, { tenantGiven: options.tenantIdentityZone !== undefined }),
    ...certificateWarnings(summary.certificates ?? [], now),
  ];
  return { valid: errors.length === 0, errors, warnings, key: { ...parsed.key, summary } };
}

/** A certificate that is present must be readable: it is what an x509 key signs in with. */
function certificateErrors(document: JsonObject, summary: ServiceKeySummary): Problem[] {
  const uaa = objectOf(document, 'uaa');
  if (uaa === undefined) return [];
  const field = readString(uaa, 'certificate');
  if (field.kind === 'missing') return [];
  if (field.kind === 'wrong-type') return [certificateTypeError(withArticle(field.type))];
  if (field.kind === 'empty') return [certificateError('it is empty')];
  return summary.certificateError === undefined ? [] : [certificateError(summary.certificateError)];
}
