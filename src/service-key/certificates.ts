/**
 * The certificate chain of an x509 key: described for display, checked for expiry. Parsing goes through
 * crypto/ (the only module that may use node:crypto); this file only decides what the dates mean.
 */
import { describeCertificatePem } from '../crypto/index.js';
import type { Problem } from '../shared/index.js';
import {
  CERTIFICATE_EXPIRY_WARNING_DAYS,
  RULE_CERTIFICATE,
  WARN_CERT_EXPIRED,
  WARN_CERT_EXPIRING,
  WARN_CERT_NOT_YET_VALID,
} from './rules.js';
import type { CertificateSummary } from './service-key.types.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const PATH = 'uaa.certificate';

export type ChainOutcome =
  | { readonly ok: true; readonly certificates: readonly CertificateSummary[] }
  | { readonly ok: false; readonly reason: string };

/** Describes every certificate of `pem`, leaf first. Never throws: a chain that does not parse gives a reason. */
export function describeChain(pem: string, now: Date): ChainOutcome {
  try {
    const certificates = describeCertificatePem(pem).map((description) => ({
      ...description,
      expired: description.notAfter.getTime() < now.getTime(),
      notYetValid: description.notBefore.getTime() > now.getTime(),
    }));
    return { ok: true, certificates };
  } catch (error) {
    return { ok: false, reason: safeReason(error) };
  }
}

/** crypto/'s messages name the failing block, not its content; still, never echo a long or base64-like text. */
function safeReason(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  return message === '' || message.length > 200 || /[A-Za-z0-9+/=]{40,}/.test(message)
    ? 'it is not a valid PEM certificate chain'
    : message;
}

/** The error for a `uaa.certificate` that is there but unusable; the key cannot sign in over mTLS. */
export function certificateError(reason: string): Problem {
  return {
    path: PATH,
    rule: RULE_CERTIFICATE,
    message: `uaa.certificate cannot be read: ${reason}. It should hold the PEM chain (-----BEGIN CERTIFICATE----- ...) that the BTP cockpit wrote; download the key again.`,
  };
}

export function certificateTypeError(typeDescription: string): Problem {
  return {
    path: PATH,
    rule: RULE_CERTIFICATE,
    message: `uaa.certificate must be a PEM string, but it is ${typeDescription}.`,
  };
}

/** Warnings for a chain whose certificates have expired, expire within a week, or are not valid yet. */
export function certificateWarnings(certificates: readonly CertificateSummary[], now: Date): Problem[] {
  const warnings: Problem[] = [];
  certificates.forEach((certificate, index) => {
    const which =
      certificates.length > 1
        ? `certificate ${index + 1} of ${certificates.length} (${certificate.subject})`
        : `the certificate (${certificate.subject})`;
    const until = certificate.notAfter.toISOString();
    const daysLeft = (certificate.notAfter.getTime() - now.getTime()) / DAY_MS;
    if (certificate.expired) {
      warnings.push({
        path: PATH,
        rule: WARN_CERT_EXPIRED,
        message: `In uaa.certificate, ${which} expired on ${until}; mTLS sign-in fails. Create a new binding to get a fresh certificate.`,
      });
    } else if (daysLeft <= CERTIFICATE_EXPIRY_WARNING_DAYS) {
      const left =
        daysLeft < 1 ? 'in less than a day' : `in ${Math.floor(daysLeft)} day${Math.floor(daysLeft) === 1 ? '' : 's'}`;
      warnings.push({
        path: PATH,
        rule: WARN_CERT_EXPIRING,
        message: `In uaa.certificate, ${which} expires ${left} (${until}). Create a new binding before then.`,
      });
    }
    if (certificate.notYetValid) {
      warnings.push({
        path: PATH,
        rule: WARN_CERT_NOT_YET_VALID,
        message: `In uaa.certificate, ${which} is valid only from ${certificate.notBefore.toISOString()}; check this computer's clock.`,
      });
    }
  });
  return warnings;
}
