/**
 * Warnings before the certificate of a slot key ends: a sweep (at start, then every `intervalMs`, daily by
 * default: CALM_KEYS_CERTIFICATE_EXPIRY_CHECK_HOURS) looks at every slot key whose summary holds an X.509
 * chain and, when the chain's end is 30, 7 or 1 days away or closer, records `key.certificate_expiring`
 * (`daysLeft` = the threshold reached) and audits `lm.service_key.certificate_expiring`, in one transaction,
 * once per threshold per key: `lm_certificate_warnings` (migration 019) remembers what was warned, and its
 * primary key makes the claim atomic across processes. A sweep that first sees a key with 5 days left warns
 * once, at 7 (service-key's `reachedThreshold`); an expired certificate gets no event (the view says it
 * expired). Keys are read from their stored summary: the sealed key is never opened. Times come from the
 * injected clock, so tests move them.
 */
import { reachedThreshold, chainNotAfter, type ServiceKeySummary } from '../service-key/index.js';
import { withTx } from '../store/index.js';
import type { LandscapeDeps } from './landscape.deps.js';
import * as repo from './certificate-warnings.repo.js';

export const DEFAULT_CERTIFICATE_EXPIRY_INTERVAL_MS = 24 * 60 * 60 * 1000;

export interface CertificateExpirySweep {
  /** Slot keys with a certificate looked at, and the warnings recorded now. */
  readonly checked: number;
  readonly warned: readonly { tenantId: string; keyId: string; daysLeft: number; notAfter: string }[];
}

export function createCertificateExpiryWatch(deps: Pick<LandscapeDeps, 'db' | 'audit' | 'clock' | 'events'>) {
  const { db, audit, clock, events } = deps;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<CertificateExpirySweep> | undefined;

  async function warnKey(
    key: Awaited<ReturnType<typeof repo.listSlotKeySummaries>>[number],
    notAfter: Date,
    threshold: number,
    at: string,
  ): Promise<boolean> {
    const recorded = await withTx(db, async (tx) => {
      // the key may have been deleted or replaced since the list was read
      if ((await repo.findSlotKeyId(tx, key.tenant_id)) !== key.id) return false;
      const claimed = await repo.claimWarning(tx, {
        tenant_id: key.tenant_id,
        key_id: key.id,
        threshold_days: threshold,
        not_after: notAfter.toISOString(),
        warned_at: at,
      });
      if (!claimed) return false;
      await audit.record(tx, {
        action: 'lm.service_key.certificate_expiring',
        outcome: 'success',
        actor: { type: 'system', name: 'certificate expiry' },
        tenantId: key.tenant_id,
        targetId: key.id,
        details: { name: key.name, clientId: key.client_id, notAfter: notAfter.toISOString(), daysLeft: threshold },
      });
      await events?.record(tx, 'key.certificate_expiring', {
        tenantId: key.tenant_id,
        at,
        clientId: key.client_id,
        notAfter: notAfter.toISOString(),
        daysLeft: threshold,
      });
      return true;
    });
    return recorded;
  }

  async function sweepOnce(): Promise<CertificateExpirySweep> {
    const now = clock.now();
    const at = now.toISOString();
    const warned: { tenantId: string; keyId: string; daysLeft: number; notAfter: string }[] = [];
    let checked = 0;
    for (const key of await repo.listSlotKeySummaries(db)) {
      const notAfter = chainNotAfter((JSON.parse(key.summary) as ServiceKeySummary).certificates);
      if (notAfter === undefined) continue;
      checked += 1;
      const threshold = reachedThreshold(notAfter, now);
      if (threshold === undefined) continue;
      if (await warnKey(key, notAfter, threshold, at))
        warned.push({ tenantId: key.tenant_id, keyId: key.id, daysLeft: threshold, notAfter: notAfter.toISOString() });
    }
    if (warned.length > 0) await events?.deliverCommitted();
    return { checked, warned };
  }

  /** One sweep; a sweep asked for while one runs waits for it and runs after it. */
  async function sweep(): Promise<CertificateExpirySweep> {
    const previous = running;
    const next = (async () => {
      await previous?.catch(() => undefined);
      return sweepOnce();
    })();
    running = next;
    try {
      return await next;
    } finally {
      if (running === next) running = undefined;
    }
  }

  return {
    sweep,
    /** Sweeps now and then every `intervalMs`; the timer does not keep the process alive. */
    start(options: { intervalMs?: number; onError?: (error: unknown) => void } = {}) {
      const run = () => void sweep().catch((error: unknown) => options.onError?.(error));
      run();
      timer = setInterval(run, options.intervalMs ?? DEFAULT_CERTIFICATE_EXPIRY_INTERVAL_MS);
      timer.unref();
    },
    /** Stops the timer and waits for a sweep in progress. */
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running?.catch(() => undefined);
    },
  };
}

export type CertificateExpiryWatch = ReturnType<typeof createCertificateExpiryWatch>;
