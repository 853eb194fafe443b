/**
 * When an X.509 credential expires, in the terms every surface shows it (the BTP cockpit's service keys, the
 * `calm-keys btp` rows, the Landscape Management slot): the end date, whole days left, and a state by
 * threshold. Pure: the caller passes `now` (its injected clock). The thresholds are issue 17's: a warning from
 * 30 days before the end, critical from 7 (XSUAA's default validity, so a new default key is critical at once),
 * and the last warning 1 day before.
 */
import type { CertificateSummary } from './service-key.types.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The days before the end at which a warning is given, largest first. */
export const CERTIFICATE_EXPIRY_THRESHOLDS = [30, 7, 1] as const;
export type CertificateExpiryThreshold = (typeof CERTIFICATE_EXPIRY_THRESHOLDS)[number];

/** `valid`: more than 30 days left; `warning`: 30 or fewer; `critical`: 7 or fewer; `expired`: past the end. */
export type CertificateExpiryState = 'valid' | 'warning' | 'critical' | 'expired';
export const CERTIFICATE_EXPIRY_STATES = ['valid', 'warning', 'critical', 'expired'] as const;

export interface CertificateExpiry {
  /** ISO-8601 UTC. */
  readonly notAfter: string;
  /** Whole days left, rounded down: 0 in the last day, negative once expired. */
  readonly daysLeft: number;
  readonly state: CertificateExpiryState;
}

const remainingMs = (notAfter: Date, now: Date) => notAfter.getTime() - now.getTime();

export function certificateExpiry(notAfter: Date, now: Date): CertificateExpiry {
  const left = remainingMs(notAfter, now);
  const state: CertificateExpiryState =
    left < 0 ? 'expired' : left <= 7 * DAY_MS ? 'critical' : left <= 30 * DAY_MS ? 'warning' : 'valid';
  return { notAfter: notAfter.toISOString(), daysLeft: Math.floor(left / DAY_MS), state };
}

/**
 * The smallest threshold already reached (30, 7 or 1), or undefined when more than 30 days are left or the
 * certificate has expired (an expired one gets no "expires in" warning: the views say it expired). A sweep that
 * first sees a key with 5 days left warns once, at 7, not at 30 and 7.
 */
export function reachedThreshold(notAfter: Date, now: Date): CertificateExpiryThreshold | undefined {
  const left = remainingMs(notAfter, now);
  if (left < 0) return undefined;
  let reached: CertificateExpiryThreshold | undefined;
  for (const threshold of CERTIFICATE_EXPIRY_THRESHOLDS) if (left <= threshold * DAY_MS) reached = threshold;
  return reached;
}

/** The thresholds at or above `threshold`: those a warning at `threshold` makes unnecessary. */
export const thresholdsCoveredBy = (threshold: CertificateExpiryThreshold): CertificateExpiryThreshold[] =>
  CERTIFICATE_EXPIRY_THRESHOLDS.filter((t) => t >= threshold);

/**
 * The end of a chain: the earliest `notAfter` of its certificates (the chain stops working when its first
 * certificate expires, usually the leaf). Undefined for a key without certificates.
 */
export function chainNotAfter(
  certificates: readonly Pick<CertificateSummary, 'notAfter'>[] | undefined,
): Date | undefined {
  let earliest: Date | undefined;
  for (const certificate of certificates ?? []) {
    const end = new Date(certificate.notAfter);
    if (Number.isNaN(end.getTime())) continue;
    if (earliest === undefined || end.getTime() < earliest.getTime()) earliest = end;
  }
  return earliest;
}

/** One sentence for a person: "expires on 2026-12-10T08:00:00.000Z (in 6 days)" or "expired on ...". */
export function describeCertificateExpiry(expiry: CertificateExpiry): string {
  if (expiry.state === 'expired')
    return `The certificate expired on ${expiry.notAfter}; mTLS sign-in with it fails. Create a new binding to get a fresh certificate.`;
  const left =
    expiry.daysLeft < 1 ? 'in less than a day' : `in ${expiry.daysLeft} day${expiry.daysLeft === 1 ? '' : 's'}`;
  const advice = expiry.state === 'valid' ? '' : ' Create a new binding before then.';
  return `The certificate expires on ${expiry.notAfter} (${left}).${advice}`;
}
