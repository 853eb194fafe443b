/**
 * Composition root: config -> master key, TLS, store -> services -> HTTP server. Nothing else wires
 * modules together. `startServer` is what `calm-keys serve` and the integration tests run.
 */
import { fileURLToPath } from 'node:url';
import { createAccessService } from './access/index.js';
import { createAuditWriter } from './audit/index.js';
import {
  createBtp,
  createBtpEventBus,
  createServiceManager,
  createSmAuth,
  createTenantDirectory,
  MASTER_XSAPPNAME,
} from './btp/index.js';
import {
  createKeyTester,
  createKeyTestScheduler,
  createClientCallRecorder,
  createLandscape,
  createLandscapeEventBus,
  createRecoverySweeper,
  LANDSCAPE_EVENT_NAMES,
} from './landscape/index.js';
import { createServiceStatus } from './service-status/index.js';
import { createWebhooks, receiverLookup } from './webhooks/index.js';
import { createFaults } from './faults/index.js';
import { createProjects } from './projects/index.js';
import { createAlmApi, createMetricsReader, createRetentionSweeper, DEFAULT_ALM_LIMITS } from './alm-api/index.js';
import type { Config } from './config/index.js';
import { deriveKey, loadOrCreateCa, newId } from './crypto/index.js';
import { createEgressClient, createHostAllowList } from './egress/index.js';
import { assertPortFree, buildApp, buildMtlsApp, createLogger, hstsHeaderValue, listenAll } from './http/index.js';
import { createAdjustableClock, systemClock } from './shared/index.js';
import { createDevClock } from './dev-clock/index.js';
import { runDueWorkOnClockChange } from './main/dev-clock-wakeups.js';
import { createOutbox } from './store/index.js';
import { createSharedWindowCounter } from './store/window-counter.js';
import { announceStart } from './main/announce.js';
import { boundHeapGrowth } from './main/heap-growth.js';
import { connectLandscapeToBtp } from './main/btp-landscape.js';
import { createRotationBindings } from './main/rotation-bindings.js';
import { createDemoLandscape } from './main/demo-landscape.js';
import { temporaryDataFor } from './main/in-memory.js';
import { applySeed, type SeedOutcome } from './main/seed/apply.js';
import { loadSeedFile } from './main/seed/load.js';
import { publicUrlsAfterListen } from './main/public-urls.js';
import { openSecretsAndStore } from './main/secrets-and-store.js';
import type { RunningServer, StartOptions } from './main/start-options.js';
import {
  CLIENT_AUTH_FAILURE_LIMIT,
  createClientRegistry,
  createDeletedBindingTokenCheck,
  createKeyUsage,
  createSigningKeys,
  createTokenService,
  createTokenVerifier,
  createVerifiedSecretCache,
  XSSEC_JWKS_CACHE_MS,
} from './xsuaa/index.js';

export type { RunningServer, StartOptions } from './main/start-options.js';
export { resetUserPassword } from './main/reset-password.js';
export { backupData, restoreData, postgresBackupCommands } from './main/backup.js';

export const VERSION = '0.1.0';

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  boundHeapGrowth(); // the RSS under push load (main/heap-growth.ts)
  // a seed file that cannot be read or breaks the format stops the start before anything exists (exit 2)
  const seed = config.seed ? loadSeedFile(config.seed, config.seedVariable) : undefined;
  // --dev-clock: every service runs on one clock the calm-keys Administrator can move forward (src/dev-clock)
  const devTime = config.devClock ? createAdjustableClock(options.clock ?? systemClock) : undefined;
  const clock = devTime ?? options.clock ?? systemClock;
  const logger = createLogger(config.logLevel, options.logDestination);
  // before anything is created (master key, database, administrator): a start that cannot listen leaves no state behind
  await assertPortFree(config.host, config.port, '--port / CALM_KEYS_PORT');
  if (config.tls === 'local') await assertPortFree(config.host, config.mtlsPort, 'CALM_KEYS_MTLS_PORT');

  // --in-memory: SQLite in memory, the master key and CA in a temporary directory removed at close
  const temporary = temporaryDataFor(config);
  const { master, secrets, tls, store } = await openSecretsAndStore(temporary.config, logger);

  const audit = createAuditWriter(clock);
  // the stored offset first (a restart keeps the moved time), then re-read every second: processes agree
  const devClock = createDevClock({
    db: store.db,
    audit,
    clock: devTime,
    onError: (err) => logger.warn({ err }, 'reading the dev clock offset failed; the last one stays'),
  });
  await devClock.start();
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
  // secrets proven at the token endpoint, kept only where no other process can revoke them (client-auth-cache.ts)
  const verifiedSecrets = createVerifiedSecretCache({ enabled: store.dialect === 'sqlite' });
  const clients = createClientRegistry({ clock, verifiedSecrets });
  const keyUsage = createKeyUsage({ db: store.db, clock });
  // calls by client address for the blast radius of a key: counted in memory, written every 5 s (landscape/client-calls.ts);
  // the Test marks its own calls with a value derived from the master key, the same in every process
  const keyTestMarker = deriveKey(master.key, 'calm-keys: the key test marks its calls', 16).toString('hex');
  const clientCalls = createClientCallRecorder({
    db: store.db,
    clock,
    keyTestMarker,
    onError: (err) => logger.warn({ err }, 'writing the call counts of client ids failed; they are retried'),
  });
  const tokens = createTokenService({
    db: store.db,
    clock,
    signingKeys,
    // failed client authentications count in the database: every process on it shares the budget
    limiter: createSharedWindowCounter({
      db: store.db,
      name: 'client-auth',
      ...CLIENT_AUTH_FAILURE_LIMIT,
      onError: (err) =>
        logger.warn({ err }, 'failed client authentications count per process: the database did not answer'),
    }),
    issuerBase: urls.public,
    tokenValiditySeconds: config.tokenValiditySeconds,
    signing: config.signing,
    verifiedSecrets,
    usage: keyUsage,
    calls: clientCalls,
  });
  const verifier = createTokenVerifier({ signingKeys, clock, issuerBase: urls.public });
  const bindingCa = tls
    ? (await loadOrCreateCa(temporary.config.tlsDir, 'binding-ca', 'calm-keys binding CA')).ca
    : undefined;
  // btp's events go through the transactional outbox: written with the change, delivered at least once by one process
  const outbox = createOutbox({
    db: store.db,
    dialect: store.dialect,
    clock,
    newId,
    settings: { holdBackMs: config.outboxDelayMs },
    onError: (err, event) => logger.error({ err, ...event }, 'delivering an outbox event failed; it is retried'),
  });
  const events = createBtpEventBus(outbox);
  // the slot's events (key.uploaded, key.tested, ...) through the same outbox, written with each change;
  // webhooks subscribe to every topic below (the outbox retries a topic nobody handles)
  const landscapeEvents = createLandscapeEventBus(outbox, newId);
  // CALM_KEYS_REJECT_TOKENS_OF_DELETED_BINDINGS: the Cloud ALM API refuses tokens of deleted bindings before exp;
  // this process forgets the client once the deletion committed, other processes see it within 2 s
  const deletedBindingTokens = config.rejectTokensOfDeletedBindings
    ? createDeletedBindingTokenCheck({
        db: store.db,
        clock,
        onRefused: (refusal) => logger.debug(refusal, 'access token of a deleted binding refused'),
      })
    : undefined;
  if (deletedBindingTokens) events.on('binding.deleted', (event) => deletedBindingTokens.forget(event.clientId));
  const tenantDirectory = createTenantDirectory(store.db);
  const landscape = createLandscape({
    db: store.db,
    audit,
    clock,
    secrets,
    // the slot's events (key.tested, key.turned_red, ...) through the same outbox, written with each change
    events: landscapeEvents,
    retestIntervalMs: config.keyRetestIntervalSeconds * 1000,
    // staged rotation creates and deletes bindings in BTP through this port (BTP is built below)
    rotationBindings: createRotationBindings(() => btp),
    rotationPollMs: config.lmRotationPollMs,
    onRotationError: (err) => logger.error({ err }, 'a pass of the key rotation worker failed; it runs again'),
    tenants: tenantDirectory,
    keyUsage,
    clientCalls,
    deletedKeyRetentionDays: config.lmDeletedKeyRetentionDays,
    // the chart of pushed metrics reads what the Cloud ALM API stored
    telemetry: createMetricsReader({ db: store.db, limits: DEFAULT_ALM_LIMITS }),
    testKey: createKeyTester({
      clock,
      allowHosts: config.egressAllow,
      publicUrl: urls.public,
      timeoutMs: config.egressTimeoutMs,
      caCertificates: tls ? [tls.ca.certificatePem] : [],
      keyTestMarker,
    }),
  });
  // Recently deleted keys past their window, and call counts past 8 days, hourly
  const recoverySweep = createRecoverySweeper({
    db: store.db,
    clock,
    deletedKeyRetentionDays: config.lmDeletedKeyRetentionDays,
    onError: (err) => logger.error({ err }, 'the sweep of deleted keys and call counts failed'),
  });
  // every filled slot re-tested on a schedule; one process per tenant and period (landscape/key-test-schedule.ts)
  const retests = createKeyTestScheduler({
    db: store.db,
    clock,
    tests: landscape.tests,
    settings: { intervalMs: config.keyRetestIntervalSeconds * 1000 },
    onError: (err, tenantId) => logger.error({ err, tenantId }, 'a scheduled Test of a service key failed'),
  });
  // webhooks: every slot event fanned out to the tenant's subscriptions, sent through the egress allow-list
  const webhookAllowList = createHostAllowList(config.egressAllow);
  const webhooks = createWebhooks({
    db: store.db,
    dialect: store.dialect,
    audit,
    clock,
    secrets,
    tenants: tenantDirectory,
    // a name on the allow-list that resolves to loopback or link-local is refused at connect (SSRF)
    sender: createEgressClient({
      allowHosts: config.egressAllow,
      timeoutMs: config.egressTimeoutMs,
      lookup: receiverLookup(),
    }),
    allowsUrl: (url) => webhookAllowList?.allows(url) ?? true,
    eventTypes: LANDSCAPE_EVENT_NAMES,
    settings: { retryBaseMs: config.webhookRetryBaseMs },
    onError: (err) => logger.error({ err }, 'a webhook delivery pass failed; it runs again'),
  });
  for (const name of LANDSCAPE_EVENT_NAMES)
    landscapeEvents.on(name, (event) =>
      webhooks.fanOut({ id: event.id, type: name, tenantId: event.tenantId, at: event.at, data: { ...event } }),
    );
  const placement = connectLandscapeToBtp(events, landscape, logger, options.placement);
  const btp = createBtp({
    db: store.db,
    audit,
    clock,
    secrets,
    // with the setting on, a revocation in this process reaches the check of deleted bindings' tokens at once
    clients: deletedBindingTokens ? deletedBindingTokens.watching(clients) : clients,
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
  // the Service Manager API (/v1): people and service-manager keys; an operation a stop interrupted is failed
  const serviceManager = {
    sm: createServiceManager({
      db: store.db,
      clock,
      instances: btp.instances,
      onError: (error) => logger.error({ err: error }, 'a Service Manager operation failed'),
    }),
    auth: createSmAuth({ db: store.db, verifier }),
  };
  const interrupted = await serviceManager.sm.failInterruptedOperations();
  if (interrupted > 0)
    logger.warn({ operations: interrupted }, 'Service Manager operations interrupted by a stop failed');

  // status events are on Landscape Management's objects; derived ones read their last push
  const serviceStatus = createServiceStatus({
    db: store.db,
    audit,
    clock,
    tenants: tenantDirectory,
    objects: { list: (tenantId) => landscape.managedObjects.registry.listObjects(tenantId) },
  });
  const almApi = createAlmApi({
    db: store.db,
    clock,
    verifier,
    masterXsappname: MASTER_XSAPPNAME,
    tenants: tenantDirectory,
    registry: landscape.managedObjects.registry,
    statusEvents: serviceStatus.reader,
    limits: DEFAULT_ALM_LIMITS,
    deletedBindingTokens,
  });
  // the Projects and Tasks APIs: the tenant is the one of the bearer token's zone (alm-api's principal)
  const projects = createProjects({ db: store.db, clock, audit, tenants: tenantDirectory });
  const retention = createRetentionSweeper({
    db: store.db,
    clock,
    retentionDays: config.telemetryRetentionDays,
    onSweep: (removed) => {
      if (removed.points + removed.logs > 0) logger.info(removed, 'telemetry retention removed old data');
    },
    onError: (error) => logger.error({ err: error }, 'telemetry retention sweep failed'),
  });

  // fault injection (issue 18): none at start; each process re-reads the table every second
  const faults = createFaults({
    db: store.db,
    audit,
    clock,
    onError: (err) => logger.warn({ err }, 'reading the injected faults failed; the last list stays'),
  });
  await faults.injector.start();
  // both listeners: request deadline and open connections per client address
  const listener = {
    requestTimeoutMs: config.requestTimeoutMs,
    maxConnectionsPerAddress: config.maxConnectionsPerAddress,
    socketIdleTimeoutMs: config.socketIdleTimeoutMs,
  };
  // HTTPS answers carry Strict-Transport-Security for the host browsers use (none for loopback unless configured)
  const hsts = (base: string) => hstsHeaderValue(base, config.hstsMaxAgeSeconds);
  let started = false;
  const app = await buildApp({
    logger,
    db: store.db,
    access,
    databaseReady: () => store.ping(),
    // /readyz waits for the administrator and the demo landscape: a sign-in right after "ready" must work
    started: () => started,
    version: VERSION,
    oauth: {
      tokens,
      signingKeys,
      zoneExists: async (zid) => (await clients.findZone(store.db, zid)) !== undefined,
      issuerBase: urls.public,
      mtlsBase: urls.mtls,
    },
    btp,
    serviceManager,
    landscape,
    almApi: { api: almApi, masterXsappname: MASTER_XSAPPNAME, clientCalls },
    projects,
    serviceStatus,
    webhooks,
    devClock,
    faults,
    // the Vite build of web/, next to src/ and dist/ alike
    webRoot: fileURLToPath(new URL('../web/dist', import.meta.url)),
    ...(tls ? { https: { key: tls.server.privateKeyPem, cert: tls.server.certificatePem } } : {}),
    listener,
    hsts: hsts(config.publicUrl),
    serviceManagerRequestsPerMinute: config.serviceManagerRequestsPerMinute,
  });
  const mtlsApp =
    tls && bindingCa
      ? await buildMtlsApp({
          logger,
          oauth: { tokens },
          faults,
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
    temporary.remove();
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
    temporary.remove();
    throw error;
  }
  retention.start();
  clientCalls.start();
  recoverySweep.start();
  landscape.rotationWorker.start(); // grace periods that ended, also those a stop left behind
  // slot keys whose X.509 certificate ends within 30, 7 or 1 days: key.certificate_expiring once per threshold
  landscape.certificateExpiry.start({
    intervalMs: config.certificateExpiryCheckHours * 3_600_000,
    onError: (err) => logger.error({ err }, 'the certificate-expiry sweep failed; it runs again at the next interval'),
  });
  retests.start();
  outbox.start(); // also delivers what a crash before delivery left behind
  webhooks.start(); // and the deliveries a stop or a crash left pending
  // after an advance, what became due runs now, not at its next timer (an hourly sweep, a daily check)
  const dueAfterAdvance =
    devTime &&
    runDueWorkOnClockChange(
      devTime,
      {
        'key rotation': () => landscape.rotationWorker.runOnce(),
        'certificate expiry': () => landscape.certificateExpiry.sweep(),
        'scheduled re-tests': () => retests.tick(),
        'deleted keys': () => recoverySweep.sweep(),
        'telemetry retention': () => retention.sweep(),
        'webhook retries': () => webhooks.deliverDue(),
      },
      (err, job) => logger.error({ err, job }, 'work due after the dev clock moved failed; its timer runs it again'),
    );

  const running: RunningServer = {
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
    temporaryDataDir: temporary.dir,
    removeTemporaryData: temporary.remove,
    async close() {
      devClock.stop();
      await dueAfterAdvance?.stop();
      retention.stop();
      await landscape.rotationWorker.stop();
      await landscape.certificateExpiry.stop();
      // no new scheduled Test; the one in progress is stored whole (one transaction) before the store closes
      const retestsStopped = retests.stop();
      // both listeners stop accepting at once, close idle keep-alive sockets and wait for the requests in flight
      await Promise.all([app.close(), mtlsApp?.close()]);
      await serviceManager.sm.idle(); // then the operations those requests started finish
      recoverySweep.stop();
      await clientCalls.stop(); // the call counts not written yet
      await retestsStopped;
      await webhooks.stop(); // a send in progress finishes; pending deliveries wait in the table
      await outbox.stop(); // and the delivery in progress; undelivered events wait in the table for the next start
      await faults.injector.stop();
      await store.close();
      temporary.remove();
    },
  };

  // with a seed the seed is the landscape: no demo one beside it (main/README.md)
  const demo =
    (options.demo ?? seed === undefined)
      ? await createDemoLandscape({ db: store.db, access, btp, landscape, projects }, config.adminUser)
      : undefined;
  let seeded: SeedOutcome | undefined;
  try {
    seeded =
      seed &&
      (await applySeed(
        { access, btp, landscape, adminUser: config.adminUser, warn: (message, facts) => logger.warn(facts, message) },
        seed,
      ));
  } catch (error) {
    await running.close();
    throw error;
  }
  started = true;
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
    temporaryDataDir: temporary.dir,
    seed: seed && seeded && { file: config.seed!, created: seeded },
  });
  return running;
}
