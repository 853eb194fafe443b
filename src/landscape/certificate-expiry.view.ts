/**
 * The slot key's certificate end as the service-key view shows it (`SlotKeyView.certificateExpiry`): for a key
 * whose `uaa.certificate` holds a chain, the chain's first end (service-key's `chainNotAfter`), whole days left,
 * the state (valid, warning within 30 days, critical within 7, expired) and one sentence for a message strip.
 * Null for a key without a certificate. Computed at each read with the injected clock, never stored.
 */
import { z } from 'zod';
import {
  certificateExpiry,
  chainNotAfter,
  describeCertificateExpiry,
  type CertificateExpiryState,
  type ServiceKeySummary,
} from '../service-key/index.js';

export interface SlotCertificateExpiry {
  readonly notAfter: string;
  readonly daysLeft: number;
  readonly state: CertificateExpiryState;
  readonly message: string;
}

export function slotCertificateExpiry(summary: ServiceKeySummary, now: Date): SlotCertificateExpiry | null {
  const end = chainNotAfter(summary.certificates);
  if (end === undefined) return null;
  const expiry = certificateExpiry(end, now);
  return { ...expiry, message: describeCertificateExpiry(expiry) };
}

export const slotCertificateExpirySchema = z
  .strictObject({
    notAfter: z.string().describe("The end of the key's certificate chain (its first notAfter), ISO-8601 UTC"),
    daysLeft: z.number().int().describe('Whole days left, rounded down; negative once expired'),
    state: z.enum(['valid', 'warning', 'critical', 'expired']),
    message: z.string(),
  })
  .nullable()
  .describe("When the key's X.509 certificate ends; null for a key without one")
  .meta({ id: 'SlotCertificateExpiry' });
