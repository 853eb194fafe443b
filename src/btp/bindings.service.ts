/**
 * Bindings (service keys) of "SAP Cloud ALM API" instances: create (the credential minted in XSUAA in the
 * transaction that stores the binding, binding-credentials.ts), the audited read of the key, delete
 * (its own credential revoked at once, the `binding.deleted` event recorded in the same transaction).
 */
import { toAuditActor, type Actor } from '../access/index.js';
import { newId } from '../crypto/index.js';
import { conflict, invalidInput, notFound } from '../shared/index.js';
import { isUniqueViolation, withTx, type SubaccountsTable } from '../store/index.js';
import type { CredentialType } from '../xsuaa/index.js';
import { issueBindingCertificate, mintCredential } from './binding-credentials.js';
import type { BindingEvent } from './btp.events.js';
import * as repo from './btp.repo.js';
import { bindingView, type BindingRow, type InstanceContext, type Origin } from './instance-context.js';
import {
  bindingParametersSchema,
  checkBindingName,
  parseWith,
  validityDays,
  type NameRule,
  type X509KeyLength,
} from './instance-parameters.js';
import { buildServiceKey } from './service-key-builder.js';
import { buildSmServiceKey } from './sm-credentials.js';
import { SM_OFFERING } from './sm-plans.js';
import { BTP_ERRORS } from './errors.js';

/** XSUAA's documented limit (docs/sap-sources.md §2). */
export const MAX_BINDINGS_PER_INSTANCE = 1000;

export function createBindings(ctx: InstanceContext) {
  const { deps, now, keyContext, authorizeOn } = ctx;
  const { db, audit, secrets } = deps;

  async function createBindingAs(
    actor: Actor,
    sub: SubaccountsTable,
    instanceId: string,
    input: {
      name: string;
      credentialType?: CredentialType;
      x509?: { keyLength: X509KeyLength; validityDays: number };
      origin: Origin;
      /** Chosen by the caller when it must be known before the binding exists (an asynchronous `/v1` create). */
      id?: string;
      /** The cockpit's name rule unless `/v1` creates it (instance-parameters.ts). */
      nameRule?: NameRule;
      /** A fixed binding secret: seeded landscapes only (btp/seeding.ts), never from a request. */
      fixedSecret?: string;
    },
  ) {
    checkBindingName(input.name, input.origin, input.nameRule);
    const instance = await repo.findInstance(db, sub.id, instanceId);
    if (!instance) throw notFound(BTP_ERRORS.instance_not_found, instanceId);
    const allowed = JSON.parse(instance.credential_types) as CredentialType[];
    const credentialType = input.credentialType ?? allowed[0] ?? 'binding-secret';
    if (!allowed.includes(credentialType)) {
      throw invalidInput(
        BTP_ERRORS.credential_type_not_allowed,
        `The instance allows ${allowed.join(', ')}; "${credentialType}" is not among them. Add it to oauth2-configuration.credential-types of a new instance.`,
        [{ path: 'parameters.credential-type', message: `one of ${allowed.join(', ')}` }],
      );
    }
    const id = input.id ?? newId();
    const active = (await deps.signingKeys.published()).find((k) => k.state === 'active');
    const context = {
      publicUrl: deps.urls.public(),
      mtlsUrl: deps.urls.mtls(),
      subdomain: sub.subdomain,
      zoneId: sub.id,
      clientId: instance.client_id,
      xsappname: instance.xsappname,
      instanceId: instance.id,
      verificationKey: active?.pem ?? '',
    };
    // Key generation happens before the transaction (docs/ARCHITECTURE.md rule 6).
    const certificate =
      credentialType === 'x509'
        ? await issueBindingCertificate(ctx, {
            bindingId: id,
            subdomain: sub.subdomain,
            mtlsUrl: context.mtlsUrl,
            x509: input.x509,
          })
        : undefined;
    // a service-manager binding has SAP's flat key (sm-credentials.ts)
    const buildKey = instance.offering === SM_OFFERING ? buildSmServiceKey : buildServiceKey;
    let key: ReturnType<typeof buildKey> | undefined;
    try {
      await withTx(db, async (tx) => {
        if ((await repo.countBindingsOfInstance(tx, instance.id)) >= MAX_BINDINGS_PER_INSTANCE) {
          throw conflict(
            BTP_ERRORS.binding_limit,
            `The instance has ${MAX_BINDINGS_PER_INSTANCE} bindings, XSUAA's limit. Delete unused ones first.`,
          );
        }
        const { credential, fingerprint } = await mintCredential(ctx, tx, {
          bindingId: id,
          instance,
          credentialType,
          certificate,
          ...(input.fixedSecret === undefined ? {} : { fixedSecret: input.fixedSecret }),
        });
        key = buildKey(context, credential);
        await repo.insertBinding(tx, {
          id,
          instance_id: instance.id,
          subaccount_id: sub.id,
          name: input.name,
          credential_type: credentialType,
          key_sealed: secrets.seal(JSON.stringify(key), keyContext(id)),
          secret_fingerprint: fingerprint,
          expires_at: certificate ? certificate.notAfter.toISOString() : null,
          origin: input.origin,
          created_at: now(),
        });
        await audit.record(tx, {
          action: 'btp.service_binding.created',
          outcome: 'success',
          actor: toAuditActor(actor),
          targetId: id,
          details: { name: input.name, subaccountId: sub.id, instanceId: instance.id, credentialType },
        });
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw conflict(BTP_ERRORS.binding_exists, `A binding named "${input.name}" exists for this instance already.`);
      throw error;
    }
    return { ...bindingView((await repo.findBindingAnywhere(db, id))!), credentials: key! };
  }

  /**
   * Deletes a binding and revokes its own credential. When the binding's secret stopped working, the
   * `binding.deleted` event is recorded in the same transaction (btp.events.ts: the outbox), and `revoked` is
   * true; the instance secret does not stop (it has no binding of its own and stays valid while the instance
   * exists, as in XSUAA), so its event is returned for the instance's deletion to record.
   */
  async function removeBinding(
    actor: Actor,
    binding: BindingRow,
    clientId: string,
  ): Promise<{ event: BindingEvent; revoked: boolean }> {
    const event: BindingEvent = {
      bindingId: binding.id,
      instanceId: binding.instance_id,
      subaccountId: binding.subaccount_id,
      clientId,
      secretFingerprint: binding.secret_fingerprint,
      deletedAt: now(),
    };
    let revoked = false;
    await withTx(db, async (tx) => {
      revoked = (await deps.clients.revokeBinding(tx, binding.id)) > 0 || binding.credential_type !== 'instance-secret';
      await repo.deleteBinding(tx, binding.id);
      await audit.record(tx, {
        action: 'btp.service_binding.deleted',
        outcome: 'success',
        actor: toAuditActor(actor),
        targetId: binding.id,
        details: { name: binding.name, subaccountId: binding.subaccount_id, instanceId: binding.instance_id },
      });
      if (revoked) await deps.events.record(tx, 'binding.deleted', event);
    });
    return { event, revoked };
  }

  return {
    createBindingAs,
    removeBinding,

    /**
     * For Landscape Management's staged rotation (main/rotation-bindings.ts fills its port with these three):
     * a binding of this subaccount with its instance's client id; no person's authorization, the rotation was
     * authorized in Landscape Management, and BTP audits each change with the administrator who started it.
     */
    async findBindingIn(subaccountId: string, id: string) {
      const row = await repo.findBinding(db, subaccountId, id);
      const instance = row && (await repo.findInstance(db, subaccountId, row.instance_id));
      if (!row || !instance) return undefined;
      return {
        id: row.id,
        instanceId: row.instance_id,
        name: row.name,
        credentialType: row.credential_type,
        clientId: instance.client_id,
        secretFingerprint: row.secret_fingerprint,
      };
    },
    async createBindingIn(
      actor: Actor,
      subaccountId: string,
      instanceId: string,
      input: { name: string; credentialType: CredentialType },
    ) {
      const sub = await repo.findSubaccount(db, subaccountId);
      if (!sub) throw notFound(BTP_ERRORS.subaccount_not_found, subaccountId);
      return createBindingAs(actor, sub, instanceId, { ...input, origin: 'manual' });
    },
    /** Deletes (and revokes) the binding; false when this subaccount has no such binding any more. */
    async deleteBindingIn(actor: Actor, subaccountId: string, id: string): Promise<boolean> {
      const row = await repo.findBinding(db, subaccountId, id);
      if (!row) return false;
      const instance = await repo.findInstance(db, subaccountId, row.instance_id);
      const { revoked } = await removeBinding(actor, row, instance?.client_id ?? '');
      if (revoked) await deps.events.deliverCommitted();
      return true;
    },

    async createBinding(
      actor: Actor,
      input: { instanceId: string; name: string; parameters?: unknown; id?: string; nameRule?: NameRule },
    ) {
      const instance = await repo.findInstanceAnywhere(db, input.instanceId);
      if (!instance) throw notFound(BTP_ERRORS.instance_not_found, input.instanceId);
      const sub = await authorizeOn(
        actor,
        instance.subaccount_id,
        BTP_ERRORS.instance_not_found,
        input.instanceId,
        'btp.service_binding.manage',
      );
      const params = parseWith(bindingParametersSchema, input.parameters, 'parameters', BTP_ERRORS.bad_parameters);
      const x509 =
        params['credential-type'] === 'x509'
          ? { keyLength: params.x509?.['key-length'] ?? 2048, validityDays: validityDays(params.x509) }
          : undefined;
      return createBindingAs(actor, sub, instance.id, {
        name: input.name,
        ...(params['credential-type'] ? { credentialType: params['credential-type'] } : {}),
        ...(x509 ? { x509 } : {}),
        origin: 'manual',
        ...(input.id ? { id: input.id } : {}),
        ...(input.nameRule ? { nameRule: input.nameRule } : {}),
      });
    },

    /** The binding with its credentials (the service key): an audited read of a secret. */
    async getBinding(actor: Actor, id: string, format: 'key' | 'cf' = 'key') {
      const row = await repo.findBindingAnywhere(db, id);
      if (!row) throw notFound(BTP_ERRORS.binding_not_found, id);
      await authorizeOn(actor, row.subaccount_id, BTP_ERRORS.binding_not_found, id, 'btp.service_binding.view');
      const key = JSON.parse(secrets.openText(row.key_sealed, keyContext(id))) as unknown;
      await audit.record(db, {
        action: 'btp.service_binding.viewed',
        outcome: 'success',
        actor: toAuditActor(actor),
        targetId: id,
        details: { name: row.name, subaccountId: row.subaccount_id, format },
      });
      return { ...bindingView(row), credentials: key };
    },

    async deleteBinding(actor: Actor, id: string) {
      const row = await repo.findBindingAnywhere(db, id);
      if (!row) throw notFound(BTP_ERRORS.binding_not_found, id);
      await authorizeOn(actor, row.subaccount_id, BTP_ERRORS.binding_not_found, id, 'btp.service_binding.manage');
      const instance = await repo.findInstanceAnywhere(db, row.instance_id);
      const { revoked } = await removeBinding(actor, row, instance?.client_id ?? '');
      if (revoked) await deps.events.deliverCommitted(); // LM's flag is set before the deletion answers
    },
  };
}
