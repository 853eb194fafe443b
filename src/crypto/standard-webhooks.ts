/**
 * The signing scheme of the Standard Webhooks specification (https://www.standardwebhooks.com/,
 * https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md): a secret
 * `whsec_<base64 of 24 to 64 random bytes>`, and per message `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`
 * keyed with the base64-decoded part after `whsec_`. Here because node:crypto is used only in crypto/.
 */
import { createHmac, randomBytes } from 'node:crypto';

export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/** A new signing secret: 32 random bytes (the specification asks for 24 to 64), base64, prefixed `whsec_`. */
export function newWebhookSecret(bytes = 32): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(bytes).toString('base64')}`;
}

/** The `webhook-signature` value for one message (a single `v1,` signature). */
export function standardWebhookSignature(secret: string, id: string, timestampSeconds: number, body: string): string {
  const encoded = secret.startsWith(WEBHOOK_SECRET_PREFIX) ? secret.slice(WEBHOOK_SECRET_PREFIX.length) : secret;
  const key = Buffer.from(encoded, 'base64');
  const mac = createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`, 'utf8').digest('base64');
  return `v1,${mac}`;
}
