/** What the blast radius of a key and the recently deleted keys look like to callers (never a secret), and their schemas. */
import { z } from 'zod';

export interface BlastRadiusView {
  readonly tenantId: string;
  readonly keyId: string;
  readonly name: string;
  readonly clientId: string;
  /** When this was computed. */
  readonly at: string;
  /** Managed services and systems whose last push was made with this client id. */
  readonly pushes: readonly {
    readonly objectId: string;
    readonly name: string;
    readonly kind: string;
    readonly at: string;
  }[];
  /** The last token the token server issued for this key (null for a real SAP key, or none yet). */
  readonly lastTokenAt: string | null;
  /** Calls with this client id in the last `callWindowDays` days, per client address, newest first. */
  readonly calls: readonly {
    readonly address: string;
    readonly tokenRequests: number;
    readonly apiCalls: number;
    /** calm-keys' own Test of the key: shown, not counted for the 24 h rule. */
    readonly testCalls: number;
    readonly lastAt: string;
    readonly days: number;
  }[];
  readonly callWindowDays: number;
  /** The last use in the last 24 h that makes a delete need a confirmation; null when there is none. */
  readonly recentUse: { readonly at: string; readonly via: 'push' | 'token' | 'api'; readonly detail: string } | null;
  readonly needsConfirmation: boolean;
}

export interface DeletedKeyView {
  readonly id: string;
  readonly name: string;
  readonly clientId: string;
  readonly deletedAt: string;
  readonly deletedBy: string;
  /** When the sweep removes it for good. */
  readonly purgeAfter: string;
}

export const blastRadiusSchema = z
  .strictObject({
    tenantId: z.string(),
    keyId: z.string(),
    name: z.string(),
    clientId: z.string(),
    at: z.string(),
    pushes: z.array(z.strictObject({ objectId: z.string(), name: z.string(), kind: z.string(), at: z.string() })),
    lastTokenAt: z.string().nullable(),
    calls: z.array(
      z.strictObject({
        address: z.string(),
        tokenRequests: z.number().int(),
        apiCalls: z.number().int(),
        testCalls: z.number().int(),
        lastAt: z.string(),
        days: z.number().int(),
      }),
    ),
    callWindowDays: z.number().int(),
    recentUse: z.strictObject({ at: z.string(), via: z.enum(['push', 'token', 'api']), detail: z.string() }).nullable(),
    needsConfirmation: z.boolean().describe('True: a delete must send confirm=recently-used'),
  })
  .meta({ id: 'BlastRadius' });

export const deletedKeyViewSchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    clientId: z.string(),
    deletedAt: z.string(),
    deletedBy: z.string(),
    purgeAfter: z.string(),
  })
  .meta({ id: 'DeletedKey' });

export const deletedKeyListSchema = z
  .strictObject({
    num_items: z.number().int(),
    retentionDays: z.number().int(),
    items: z.array(deletedKeyViewSchema),
  })
  .meta({ id: 'DeletedKeyList' });
