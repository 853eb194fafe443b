/**
 * Composition root: config -> master key, TLS, store -> services -> HTTP server. Nothing else wires
 * modules together. `startServer` is what `calm-keys serve` and the integration tests run.
 */
import { existsSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createAccessService } from './access/index.js';
import { createAuditWriter } from './audit/index.js';
import {
  createBtp,
  createBtpEventBus,
  createTenantDirectory,
  MASTER_XSAPPNAME,
  type Btp,
  type ProvisionedKeyPlacement,
} from './btp/index.js';
import { createKeyTester, createLandscape, type Landscape } from './landscape/index.js';
import { createAlmApi, createMetricsReader, createRetentionSweeper, DEFAULT_ALM_LIMITS } from './alm-api/index.js';
import type { Config } from './config/index.js';
import {
  createSecretBox,
  deriveKey,
  loadOrCreateCa,
  loadOrCreateLocalTls,
  loadOrCreateMasterKey,
  type PemPair,
  type SecretBox,
} from './crypto/index.js';
import {
  assertPortFree,
  buildApp,
  buildMtlsApp,
  createLogger,
  hstsHeaderValue,
  listenAll,
  type Logger,
} from './http/index.js';
import { createWindowCounter, DomainError, systemClock, type Clock } from './shared/index.js';
import { announceStart } from './main/announce.js';
import { createDemoLandscape } from './main/demo-landscape.js';
import { publicUrlsAfterListen } from './main/public-urls.js';
import { openStore, type Store } from './store/index.js';
import {
  CLIENT_AUTH_FAILURE_LIMIT,
  createClientRegistry,
  createKeyUsage,
  createSigningKeys,
  createTokenService,
  createTokenVerifier,
  type ClientRegistry,
  type SigningKeys,
  type TokenVerifier,
  XSSEC_JWKS_CACHE_MS,
} from './xsuaa/index.js';
import { MAIN_ERRORS } from './main/errors.js';

export const VERSION = '0.1.0';

export interface StartOptions {
  readonly clock?: Clock;
  /** Where the start-up announcement goes (stdout by default). */
  readonly announce?: Writable;
  /** Where JSON log lines go (stdout by default); tests capture them. */
  readonly logDestination?: { write(line: string): void };
  /** Create the demo landscape on a first start (default true). */
  readonly demo?: boolean;
  /** Replaces Landscape Management as the place where provisioning puts generated keys (tests of the BTP side). */
  readonly placement?: ProvisionedKeyPlacement;
}

export interface RunningServer {
  /** The URL the server listens on (the actual port when 0 was asked for). */
  readonly url: string;
  readonly port: number;
  /** The public base URL written into keys. */
  readonly publicUrl: string;
  readonly caFile: string | undefined;
  readonly store: Store;
  readonly secrets: SecretBox;
  readonly logger: Logger;
  /** Base URL of the mTLS token endpoint (`uaa.certurl`), when TLS is on. */
  readonly mtlsUrl: string | undefined;
  /** The CA that issues x509 binding certificates (trusted by the mTLS listener). */
  readonly bindingCa: PemPair | undefined;
  readonly xsuaa: {
    readonly clients: ClientRegistry;
    readonly signingKeys: SigningKeys;
    readonly verifier: TokenVerifier;
  };
  readonly btp: Btp;
  readonly landscape: Landscape;
  /** Present only on the first start, when the administrator's password was generated. */
  readonly oneTimePassword: string | undefined;
  close(): Promise<void>;
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const clock = options.clock ?? systemClock;
  const logger = createLogger(config.logLevel, options.logDestination);
  // before anything is created (master key, database, administrator): a start that cannot listen leaves no state behind
  await assertPortFree(config.host, config.port, '--port / CALM_KEYS_PORT');
  if (config.tls === 'local') await assertPortFree(config.host, config.mtlsPort, 'CALM_KEYS_MTLS_PORT');

  const master = loadOrCreateMasterKey(
    config.masterKey ? { kind: 'inline', base64: config.masterKey } : { kind: 'file', path: config.masterKeyFile },
  );
  const secrets = createSecretBox(master.key);
  const publicHost = new URL(config.publicUrl).hostname.replace(/^\[|\]$/g, '');
  const tls = config.tls === 'local' ? await loadOrCreateLocalTls(config.tlsDir, [publicHost]) : undefined;
  // the logger hears of lost PostgreSQL connections; the next query reconnects
  const store = await openStore(
    config.databaseUrl ? { databaseUrl: config.databaseUrl } : { sqliteFile: config.sqliteFile },
    { logger },
  );

  const audit = createAuditWriter(clock);
  const access = createAccessService({
    db: store.db,
    audit,
    clock,
    sessionTtlMs: config.sessionTtlHours * 3_600_000,
    // the audit record of a failed sign-in keeps an unknown user name (maybe a password typed there) only as this HMAC
    usernameHashKey: deriveKey(master.key, 'calm-keys audit: unknown user names'),
  });

  // the URLs written into keys and tokens; with port 0 (tests) they are known once the listeners are bound
  const publicUrls = publicUrlsAfterListen();
  const urls = publicUrls.urls;
  const tokenValidityMs = config.tokenValiditySeconds * 1000;
  const signingKeys = createSigningKeys({
    db: store.db,
    dialect: store.dialect,
    secrets,
    audit,
    clock,
    // a replaced key verifies as long as its tokens live, plus the JWKS cache of SAP's xssec
    policy: {
      activationDelayMs: config.signingKeyActivationHours * 3_600_000,
      retainMs: tokenValidityMs + XSSEC_JWKS_CACHE_MS,
    },
  });
  await signingKeys.ensureKey();
  const clients = createClientRegistry({ clock });
  const keyUsage = createKeyUsage({ db: store.db, clock });
  const tokens = createTokenService({
    db: store.db,
    clock,
    signingKeys,
    limiter: createWindowCounter(CLIENT_AUTH_FAILURE_LIMIT),
    issuerBase: urls.public,
    tokenValiditySeconds: config.tokenValiditySeconds,
    usage: keyUsage,
  });
  const verifier = createTokenVerifier({ signingKeys, clock, issuerBase: urls.public });
  const bindingCa = tls ? (await loadOrCreateCa(config.tlsDir, 'binding-ca', 'calm-keys binding CA')).ca : undefined;
  const events = createBtpEventBus((error, name) =>
    logger.error({ err: error, event: name }, 'a listener of a BTP event failed'),
  );
  const tenantDirectory = createTenantDirectory(store.db);
  const landscape = createLandscape({
    db: store.db,
    audit,
    clock,
    secrets,
    tenants: tenantDirectory,
    keyUsage,
    // the chart of pushed metrics reads what the Cloud ALM API stored
    telemetry: createMetricsReader({ db: store.db, limits: DEFAULT_ALM_LIMITS }),
    testKey: createKeyTester({
      clock,
      allowHosts: config.egressAllow,
      publicUrl: urls.public,
      timeoutMs: config.egressTimeoutMs,
      caCertificates: tls ? [tls.ca.certificatePem] : [],
    }),
  });
  events.on('binding.deleted', async (event) => {
    const flagged = await landscape.btpDeletions.onBindingDeleted(event);
    if (flagged.length > 0)
      logger.info(
        { bindingId: event.bindingId, tenants: flagged },
        'a deleted BTP binding left copies in Landscape Management; flagged them',
      );
  });
  const placement: ProvisionedKeyPlacement = options.placement ?? {
    placeProvisionedKey: async (input) => {
      const outcome = await landscape.slot.placeProvisionedKey(input);
      if (!outcome.placed)
        logger.warn(
          { tenantId: input.tenantId, bindingId: input.bindingId, reason: outcome.reason },
          'provisioning could not place its key in Landscape Management',
        );
    },
  };
  const btp = createBtp({
    db: store.db,
    audit,
    clock,
    secrets,
    clients,
    signingKeys,
    events,
    urls,
    bindingCa,
    cutoffs: {
      autoGenerateFrom: config.autoGenerateFrom,
      autoUploadFrom: config.autoUploadFrom,
      fullScopesFrom: config.fullScopesFrom,
    },
    landscape: placement,
  });

  const almApi = createAlmApi({
    db: store.db,
    clock,
    verifier,
    masterXsappname: MASTER_XSAPPNAME,
    tenants: tenantDirectory,
    registry: landscape.managedObjects.registry,
    limits: DEFAULT_ALM_LIMITS,
  });
  const retention = createRetentionSweeper({
    db: store.db,
    clock,
    retentionDays: config.telemetryRetentionDays,
    onSweep: (removed) => {
      if (removed.points + removed.logs > 0) logger.info(removed, 'telemetry retention removed old data');
    },
    onError: (error) => logger.error({ err: error }, 'telemetry retention sweep failed'),
  });

  // both listeners: request deadline and open connections per client address
  const listener = {
    requestTimeoutMs: config.requestTimeoutMs,
    maxConnectionsPerAddress: config.maxConnectionsPerAddress,
    socketIdleTimeoutMs: config.socketIdleTimeoutMs,
  };
  // HTTPS answers carry Strict-Transport-Security for the host browsers use (none for loopback unless configured)
  const hsts = (base: string) => hstsHeaderValue(base, config.hstsMaxAgeSeconds);
  const app = await buildApp({
    logger,
    db: store.db,
    access,
    databaseReady: () => store.ping(),
    version: VERSION,
    oauth: {
      tokens,
      signingKeys,
      zoneExists: async (zid) => (await clients.findZone(store.db, zid)) !== undefined,
      issuerBase: urls.public,
      mtlsBase: urls.mtls,
    },
    btp,
    landscape,
    almApi: { api: almApi, masterXsappname: MASTER_XSAPPNAME },
    // the Vite build of web/, next to src/ and dist/ alike
    webRoot: fileURLToPath(new URL('../web/dist', import.meta.url)),
    ...(tls ? { https: { key: tls.server.privateKeyPem, cert: tls.server.certificatePem } } : {}),
    listener,
    hsts: hsts(config.publicUrl),
  });
  const mtlsApp =
    tls && bindingCa
      ? await buildMtlsApp({
          logger,
          oauth: { tokens },
          https: { key: tls.server.privateKeyPem, cert: tls.server.certificatePem, clientCa: bindingCa.certificatePem },
          listener,
          hsts: hsts(config.mtlsPublicUrl),
        })
      : undefined;
  let listening: Awaited<ReturnType<typeof listenAll>>;
  try {
    listening = await listenAll(config.host, {
      main: { app, port: config.port, scheme: tls ? 'https' : 'http', publicUrl: config.publicUrl },
      mtls: mtlsApp && { app: mtlsApp, port: config.mtlsPort, scheme: 'https', publicUrl: config.mtlsPublicUrl },
    });
  } catch (error) {
    await store.close();
    throw error;
  }
  const { url, port, publicUrl } = listening.main;
  const mtlsUrl = listening.mtls?.publicUrl;
  publicUrls.resolve({ public: publicUrl, mtls: mtlsUrl });
  // only now that it serves: the one-time password is printed by the start that created it
  let admin: Awaited<ReturnType<typeof access.ensureInitialAdmin>>;
  try {
    admin = await access.ensureInitialAdmin(config.adminUser, config.adminPassword);
  } catch (error) {
    await mtlsApp?.close();
    await app.close();
    await store.close();
    throw error;
  }
  retention.start();

  const demo =
    (options.demo ?? true)
      ? await createDemoLandscape({ db: store.db, access, btp, landscape }, config.adminUser)
      : undefined;
  announceStart(options.announce ?? process.stdout, {
    version: VERSION,
    url,
    publicUrl,
    mtlsUrl,
    database: { dialect: store.dialect, location: store.location },
    masterKey: master,
    tls,
    admin: { username: config.adminUser, ...admin },
    demo,
  });

  return {
    url,
    port,
    publicUrl,
    caFile: tls?.caFile,
    store,
    secrets,
    logger,
    oneTimePassword: admin.oneTimePassword,
    mtlsUrl,
    bindingCa,
    xsuaa: { clients, signingKeys, verifier },
    btp,
    landscape,
    async close() {
      retention.stop();
      await mtlsApp?.close();
      await app.close();
      await store.close();
    },
  };
}

/**
 * `calm-keys admin reset-password`: works on the database alone (no master key, no listener), so it recovers an
 * administrator whose one-time password was lost, also while the server is stopped. Audited as the CLI.
 */
export async function resetUserPassword(
  config: Config,
  username: string,
  options: { revokeTokens?: boolean } = {},
  clock: Clock = systemClock,
): Promise<{ oneTimePassword: string; liveTokens: number; tokensRevoked: number; database: string }> {
  if (!config.databaseUrl && !existsSync(config.sqliteFile)) {
    throw new DomainError(
      'not_found',
      MAIN_ERRORS.no_database,
      `There is no calm-keys database at ${config.sqliteFile}: pass the server's --data-dir (or CALM_KEYS_DATA_DIR), or --database-url for PostgreSQL.`,
    );
  }
  const store = await openStore(
    config.databaseUrl ? { databaseUrl: config.databaseUrl } : { sqliteFile: config.sqliteFile },
  );
  try {
    const access = createAccessService({
      db: store.db,
      audit: createAuditWriter(clock),
      clock,
      sessionTtlMs: config.sessionTtlHours * 3_600_000,
    });
    const result = await access.resetPassword(
      username,
      { type: 'system', name: 'calm-keys admin reset-password' },
      options,
    );
    return { ...result, database: `${store.dialect} at ${store.location}` };
  } finally {
    await store.close();
  }
}
