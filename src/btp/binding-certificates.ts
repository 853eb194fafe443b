/**
 * When the certificate of each x509 binding ends: calm-keys' own view (`GET /btp/v1/binding_certificates`) for
 * the cockpit's service keys and `calm-keys btp`. SAP Service Manager's binding has no such field (Service
 * Operator `client/sm/types/service_binding.go`), so `/v1` answers stay SAP's and this list is beside them.
 * The end is the stored `service_bindings.expires_at` (the leaf's notAfter, written when the binding was
 * created): no key is opened, nothing secret is read, so the list is not audited, as no list is.
 * Visibility is the Service Manager list's: the subaccounts the person administers, or the one named.
 */
import type { Actor } from '../access/index.js';
import { certificateExpiry } from '../service-key/index.js';
import type { BtpDeps } from './btp.deps.js';
import * as repo from './btp.repo.js';
import type { BindingCertificateView } from './btp.view.js';
import { callerSubaccounts, personCaller } from './sm-caller.js';

export interface BindingCertificateQuery {
  readonly subaccountId?: string | undefined;
  readonly serviceInstanceId?: string | undefined;
  readonly serviceBindingId?: string | undefined;
}

export function createBindingCertificates(deps: Pick<BtpDeps, 'db' | 'clock'>) {
  const { db, clock } = deps;
  return {
    /** The x509 bindings the actor sees, oldest first, with their end, days left and state at the clock's now. */
    async list(actor: Actor, query: BindingCertificateQuery = {}): Promise<BindingCertificateView[]> {
      const subaccounts = await callerSubaccounts(db, personCaller(actor, query.subaccountId));
      const rows = (await repo.listBindings(db, subaccounts)).filter(
        (row) =>
          row.expires_at !== null &&
          (query.serviceInstanceId === undefined || row.instance_id === query.serviceInstanceId) &&
          (query.serviceBindingId === undefined || row.id === query.serviceBindingId),
      );
      const now = clock.now();
      return rows.map((row) => ({
        service_binding_id: row.id,
        service_binding_name: row.name,
        service_instance_id: row.instance_id,
        subaccount_id: row.subaccount_id,
        credential_type: row.credential_type,
        ...expiryFields(new Date(row.expires_at!), now),
      }));
    },
  };
}

function expiryFields(notAfter: Date, now: Date) {
  const { notAfter: end, daysLeft, state } = certificateExpiry(notAfter, now);
  return { not_after: end, days_left: daysLeft, state };
}

export type BindingCertificates = ReturnType<typeof createBindingCertificates>;
