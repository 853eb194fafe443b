/** What callers see of the Test history: the stored results (no secret, no token) and the schedule. */
import { z } from 'zod';

export interface KeyTestHistoryItem {
  readonly id: string;
  readonly keyId: string;
  readonly at: string;
  readonly trigger: 'manual' | 'scheduled';
  /** The person's user name, or "schedule". */
  readonly by: string;
  readonly status: 'active' | 'failed';
  readonly reason: string | null;
  /** key-test/'s step id when the Test failed: token, jwt-signature, jwt-claims or api. */
  readonly failedStep: string | null;
  readonly summary: string;
}

export interface KeyTestHistoryView {
  readonly tenantId: string;
  readonly schedule: {
    readonly enabled: boolean;
    readonly intervalSeconds: number;
    readonly nextTestAt: string | null;
  };
  readonly limit: number;
  readonly items: readonly KeyTestHistoryItem[];
}

export const keyTestHistorySchema = z
  .strictObject({
    tenantId: z.string(),
    schedule: z.strictObject({
      enabled: z.boolean().describe('False when CALM_KEYS_KEY_RETEST_INTERVAL_SECONDS is 0 (off)'),
      intervalSeconds: z.number().int(),
      nextTestAt: z
        .string()
        .nullable()
        .describe('When the schedule tests this slot next (±10 % jitter applied); null when off or the slot is empty'),
    }),
    limit: z.number().int().describe('How many results are kept per tenant (older ones are pruned)'),
    items: z.array(
      z.strictObject({
        id: z.string(),
        keyId: z.string().describe('The id of the key in the slot that was tested'),
        at: z.string(),
        trigger: z.enum(['manual', 'scheduled']),
        by: z.string().describe('The user name of the person, or "schedule"'),
        status: z.enum(['active', 'failed']),
        reason: z.string().nullable(),
        failedStep: z.string().nullable().describe('The step that failed: token, jwt-signature, jwt-claims or api'),
        summary: z.string(),
      }),
    ),
  })
  .meta({ id: 'KeyTestHistory', description: 'Test Service Key results of the tenant, newest first' });
