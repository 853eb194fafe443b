/**
 * "SAP Cloud ALM API" service instances and their bindings (service keys), after SAP Service Manager.
 * Creating an instance creates its XSUAA client; creating a binding mints its credential (secret or x509
 * certificate) in XSUAA in the same transaction as the binding, so that a failing step stores nothing;
 * deleting a binding revokes its credential at once; deleting an instance deletes its bindings.
 */
import { createGuard, toAuditActor, type Actor } from '../access/index.js';
import {
  certificateFingerprint,
  describeCertificatePem,
  issueCertificate,
  newId,
  randomIntBetween,
} from '../crypto/index.js';
import { conflict, DomainError, invalidInput, notFound, type NotFoundCode } from '../shared/index.js';
import { isUniqueViolation, withTx, type SubaccountsTable } from '../store/index.js';
import type { CredentialType } from '../xsuaa/index.js';
import type { BtpDeps } from './btp.deps.js';
import type { BindingEvent } from './btp.events.js';
import * as repo from './btp.repo.js';
import {
  bindingParametersSchema,
  checkBindingName,
  checkInstanceName,
  instanceParametersSchema,
  parseWith,
  validityDays,
  type X509KeyLength,
} from './instance-parameters.js';
import { instanceSecret } from './instance-secret.js';
import { createKeyGenerationQueue } from './key-generation-queue.js';
import { MASTER_XSAPPNAME, resolveAuthority } from './scopes.js';
import { buildServiceKey, type Credential } from './service-key-builder.js';
import { administeredSubaccounts } from './visibility.js';
import { BTP_ERRORS } from './errors.js';

export const OFFERING = 'SAPCloudALMAPIs';
export const PLAN = 'standard';
/** XSUAA's documented limit (docs/sap-sources.md §2). */
export const MAX_BINDINGS_PER_INSTANCE = 1000;

type Origin = 'manual' | 'provisioning';

export function createInstanceService(deps: BtpDeps) {
  const { db, audit, clock, secrets } = deps;
  const guard = createGuard({ db, audit });
  // One queue per process: x509 key pairs are generated at most two at a time (key-generation-queue.ts).
  const keyGeneration = deps.keyGeneration ?? createKeyGenerationQueue();
  const now = () => clock.now().toISOString();
  const keyContext = (id: string) => `service_binding:${id}`;

  async function visibleSubaccount(actor: Actor, subaccountId: string): Promise<SubaccountsTable> {
    const sub = await repo.findSubaccount(db, subaccountId);
    if (!sub) throw notFound(BTP_ERRORS.subaccount_not_found, subaccountId);
    await guard(
      actor,
      'btp.service_instance.manage',
      { kind: 'subaccount', subaccountId: sub.id, globalAccountId: sub.global_account_id },
      { notFound: BTP_ERRORS.subaccount_not_found },
    );
    return sub;
  }

  /** Finds an instance or binding's subaccount and checks the actor administers it; 404 otherwise. */
  async function authorizeOn(
    actor: Actor,
    subaccountId: string,
    what: NotFoundCode,
    id: string,
    action: 'btp.service_instance.manage' | 'btp.service_binding.manage' | 'btp.service_binding.view',
  ) {
    const sub = await repo.findSubaccount(db, subaccountId);
    if (!sub) throw notFound(what, id);
    await guard(
      actor,
      action,
      { kind: 'subaccount', subaccountId: sub.id, globalAccountId: sub.global_account_id },
      { notFound: what },
    );
    return sub;
  }

  function instanceView(row: Awaited<ReturnType<typeof repo.findInstanceAnywhere>> & object) {
    return {
      id: row.id,
      name: row.name,
      subaccount_id: row.subaccount_id,
      service_offering: OFFERING,
      service_plan: row.plan,
      xsappname: row.xsappname,
      client_id: row.client_id,
      credential_types: JSON.parse(row.credential_types) as string[],
      authorities: JSON.parse(row.authorities) as string[],
      parameters: JSON.parse(row.parameters) as unknown,
      origin: row.origin,
      created_at: row.created_at,
    };
  }

  function bindingView(row: NonNullable<Awaited<ReturnType<typeof repo.findBindingAnywhere>>>) {
    return {
      id: row.id,
      name: row.name,
      service_instance_id: row.instance_id,
      subaccount_id: row.subaccount_id,
      credential_type: row.credential_type,
      expires_at: row.expires_at,
      origin: row.origin,
      created_at: row.created_at,
    };
  }

  async function createInstanceAs(
    actor: Actor,
    sub: SubaccountsTable,
    input: {
      name: string;
      authorities: readonly string[];
      credentialTypes: readonly CredentialType[];
      xsappname?: string;
      parameters?: unknown;
      origin: Origin;
    },
  ) {
    checkInstanceName(input.name);
    const id = newId();
    // XSUAA uses the instance GUID when no xsappname is given (docs/sap-sources.md §4).
    const xsappname = `${input.xsappname ?? id}!b${randomIntBetween(10_000, 1_000_000)}|${MASTER_XSAPPNAME}`;
    const clientId = `sb-${xsappname}`;
    try {
      await withTx(db, async (tx) => {
        await repo.insertInstance(tx, {
          id,
          subaccount_id: sub.id,
          name: input.name,
          offering: OFFERING,
          plan: PLAN,
          xsappname,
          client_id: clientId,
          credential_types: JSON.stringify(input.credentialTypes),
          authorities: JSON.stringify(input.authorities),
          parameters: JSON.stringify(input.parameters ?? {}),
          origin: input.origin,
          created_at: now(),
          instance_secret_sealed: null,
        });
        await deps.clients.createClient(tx, {
          zoneId: sub.id,
          clientId,
          xsappname,
          credentialTypes: input.credentialTypes,
          authorities: input.authorities,
          serviceInstanceId: id,
        });
        await audit.record(tx, {
          action: 'btp.service_instance.created',
          outcome: 'success',
          actor: toAuditActor(actor),
          targetId: id,
          details: { name: input.name, subaccountId: sub.id, clientId, credentialTypes: [...input.credentialTypes] },
        });
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw conflict(
          BTP_ERRORS.instance_exists,
          `An instance named "${input.name}" exists in this subaccount already.`,
        );
      throw error;
    }
    return instanceView((await repo.findInstanceAnywhere(db, id))!);
  }

  async function createBindingAs(
    actor: Actor,
    sub: SubaccountsTable,
    instanceId: string,
    input: {
      name: string;
      credentialType?: CredentialType;
      x509?: { keyLength: X509KeyLength; validityDays: number };
      origin: Origin;
    },
  ) {
    checkBindingName(input.name, input.origin);
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
    const id = newId();
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
    let certificate:
      { pair: { certificatePem: string; privateKeyPem: string }; fingerprint: string; notAfter: Date } | undefined;
    if (credentialType === 'x509') {
      if (!deps.bindingCa || !context.mtlsUrl)
        throw invalidInput(
          BTP_ERRORS.x509_unavailable,
          'x509 bindings need the mTLS listener; start calm-keys with TLS on.',
          [{ path: 'parameters.credential-type', message: 'x509 unavailable' }],
        );
      const ca = deps.bindingCa;
      const pair = await keyGeneration.run(() =>
        issueCertificate(ca, {
          commonName: id,
          subjectSuffix: `OU=${sub.subdomain}, O=calm-keys`,
          usage: 'client',
          validityDays: input.x509?.validityDays ?? 7,
          key: { kind: 'rsa', bits: input.x509?.keyLength ?? 2048 },
        }),
      );
      const chain = `${pair.certificatePem.trimEnd()}\n${deps.bindingCa.certificatePem.trimEnd()}\n`;
      certificate = {
        pair: { certificatePem: chain, privateKeyPem: pair.privateKeyPem },
        fingerprint: certificateFingerprint(pair.certificatePem),
        notAfter: describeCertificatePem(pair.certificatePem)[0]!.notAfter,
      };
    }
    let key: ReturnType<typeof buildServiceKey> | undefined;
    try {
      await withTx(db, async (tx) => {
        if ((await repo.countBindingsOfInstance(tx, instance.id)) >= MAX_BINDINGS_PER_INSTANCE) {
          throw conflict(
            BTP_ERRORS.binding_limit,
            `The instance has ${MAX_BINDINGS_PER_INSTANCE} bindings, XSUAA's limit. Delete unused ones first.`,
          );
        }
        let credential: Credential;
        let fingerprint: string;
        if (certificate) {
          await deps.clients.addCertificate(tx, {
            clientId: instance.client_id,
            bindingId: id,
            fingerprint256: certificate.fingerprint,
            expiresAt: certificate.notAfter,
          });
          credential = { type: 'x509', ...certificate.pair };
          fingerprint = secrets.fingerprint(certificate.fingerprint);
        } else if (credentialType === 'instance-secret') {
          const secret = await instanceSecret(tx, { secrets, clients: deps.clients }, instance.id, instance.client_id);
          credential = { type: 'instance-secret', secret };
          fingerprint = secrets.fingerprint(secret);
        } else {
          const minted = await deps.clients.addSecret(tx, {
            clientId: instance.client_id,
            credentialType: 'binding-secret',
            bindingId: id,
          });
          credential = { type: 'binding-secret', secret: minted.secret };
          fingerprint = secrets.fingerprint(minted.secret);
        }
        key = buildServiceKey(context, credential);
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
   * Deletes a binding and revokes its own credential. Returns the `binding.deleted` event and whether the
   * binding's secret stopped working: the instance secret does not (it has no binding of its own and stays
   * valid while the instance exists, as in XSUAA), so that event waits for the instance's deletion.
   */
  async function removeBinding(
    actor: Actor,
    binding: NonNullable<Awaited<ReturnType<typeof repo.findBindingAnywhere>>>,
    clientId: string,
  ): Promise<{ event: BindingEvent; revoked: boolean }> {
    let revoked = 0;
    await withTx(db, async (tx) => {
      revoked = await deps.clients.revokeBinding(tx, binding.id);
      await repo.deleteBinding(tx, binding.id);
      await audit.record(tx, {
        action: 'btp.service_binding.deleted',
        outcome: 'success',
        actor: toAuditActor(actor),
        targetId: binding.id,
        details: { name: binding.name, subaccountId: binding.subaccount_id, instanceId: binding.instance_id },
      });
    });
    const event = {
      bindingId: binding.id,
      instanceId: binding.instance_id,
      subaccountId: binding.subaccount_id,
      clientId,
      secretFingerprint: binding.secret_fingerprint,
    };
    return { event, revoked: revoked > 0 || binding.credential_type !== 'instance-secret' };
  }

  return {
    createInstanceAs,
    createBindingAs,

    async createInstance(actor: Actor, input: { subaccountId: string; name: string; parameters?: unknown }) {
      const sub = await visibleSubaccount(actor, input.subaccountId);
      const params = parseWith(instanceParametersSchema, input.parameters, 'parameters', BTP_ERRORS.bad_parameters);
      const xs = params['xs-security'];
      return createInstanceAs(actor, sub, {
        name: input.name,
        xsappname: xs?.xsappname,
        authorities: [...(xs?.authorities ?? []).map(resolveAuthority), 'uaa.resource'],
        credentialTypes: xs?.['oauth2-configuration']?.['credential-types'] ?? ['binding-secret'],
        parameters: params,
        origin: 'manual',
      });
    },

    async listInstances(actor: Actor) {
      const rows = await repo.listInstances(db, await administeredSubaccounts(db, actor));
      return rows.map(instanceView);
    },

    async getInstance(actor: Actor, id: string) {
      const row = await repo.findInstanceAnywhere(db, id);
      if (!row) throw notFound(BTP_ERRORS.instance_not_found, id);
      await authorizeOn(actor, row.subaccount_id, BTP_ERRORS.instance_not_found, id, 'btp.service_instance.manage');
      return instanceView(row);
    },

    async findInstanceByName(actor: Actor, name: string) {
      const visible = await repo.listInstances(db, await administeredSubaccounts(db, actor));
      const matches = visible.filter((i) => i.name === name);
      if (matches.length === 0)
        throw new DomainError(
          'not_found',
          BTP_ERRORS.instance_not_found,
          `No service instance named "${name}" exists in the subaccounts you administer.`,
        );
      if (matches.length > 1)
        throw invalidInput(
          BTP_ERRORS.ambiguous_instance,
          `Several subaccounts have an instance named "${name}"; give its id.`,
        );
      return instanceView(matches[0]!);
    },

    async deleteInstance(actor: Actor, id: string) {
      const row = await repo.findInstanceAnywhere(db, id);
      if (!row) throw notFound(BTP_ERRORS.instance_not_found, id);
      await authorizeOn(actor, row.subaccount_id, BTP_ERRORS.instance_not_found, id, 'btp.service_instance.manage');
      const bindings = await repo.listBindingsOfInstance(db, id);
      const withInstanceSecret: BindingEvent[] = [];
      for (const binding of bindings) {
        const { event, revoked } = await removeBinding(actor, binding, row.client_id);
        if (revoked) await deps.events.publish('binding.deleted', event);
        else withInstanceSecret.push(event);
      }
      await withTx(db, async (tx) => {
        await deps.clients.revokeClient(tx, row.client_id);
        await repo.deleteInstance(tx, row.subaccount_id, id);
        await audit.record(tx, {
          action: 'btp.service_instance.deleted',
          outcome: 'success',
          actor: toAuditActor(actor),
          targetId: id,
          details: { name: row.name, subaccountId: row.subaccount_id, bindingsDeleted: bindings.length },
        });
      });
      // the instance secret ended with the client just now
      for (const event of withInstanceSecret) await deps.events.publish('binding.deleted', event);
    },

    async createBinding(actor: Actor, input: { instanceId: string; name: string; parameters?: unknown }) {
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
      });
    },

    async listBindings(actor: Actor) {
      return (await repo.listBindings(db, await administeredSubaccounts(db, actor))).map(bindingView);
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
      const { event, revoked } = await removeBinding(actor, row, instance?.client_id ?? '');
      if (revoked) await deps.events.publish('binding.deleted', event);
    },
  };
}

export type InstanceService = ReturnType<typeof createInstanceService>;
