/**
 * The one configuration schema. Every setting has an environment variable; `calm-keys serve` flags
 * override them. Parsed once at start; a bad value stops the start with a message naming the variable.
 * No secret has a default: the master key and the first administrator's password are generated on first
 * start (and announced), or come from here.
 */
import { z } from 'zod';
import { readCalendarDate } from '../shared/index.js';

/** A provisioning cutoff: a real day of the calendar (2023-02-30 is refused, not read as 2023-03-02). */
const isoDate = z.string().superRefine((text, ctx) => {
  const reading = readCalendarDate(text);
  if (!reading.ok) ctx.addIssue({ code: 'custom', message: reading.reason });
});

const port = z.coerce.number().int().min(0).max(65535);

const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

const hostList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .pipe(
    z.array(
      z.string().regex(/^(\*\.)?[a-z0-9.-]+(:(\d+|\*))?$/i, 'expected host, host:port, host:* or *.domain entries'),
    ),
  );

/** An on/off setting: exactly `true` or `false` (a typo stops the start instead of meaning "off"). */
const onOff = z.enum(['true', 'false'], 'expected true or false').transform((text) => text === 'true');

/** Environment variable for each setting; also used to name the variable in error messages. */
export const ENV = {
  port: 'CALM_KEYS_PORT',
  host: 'CALM_KEYS_HOST',
  publicUrl: 'CALM_KEYS_PUBLIC_URL',
  tls: 'CALM_KEYS_TLS',
  dataDir: 'CALM_KEYS_DATA_DIR',
  databaseUrl: 'DATABASE_URL',
  logLevel: 'CALM_KEYS_LOG_LEVEL',
  masterKey: 'CALM_KEYS_MASTER_KEY',
  masterKeyFile: 'CALM_KEYS_MASTER_KEY_FILE',
  adminUser: 'CALM_KEYS_ADMIN_USER',
  adminPassword: 'CALM_KEYS_ADMIN_PASSWORD',
  autoGenerateFrom: 'CALM_KEYS_AUTO_GENERATE_FROM',
  autoUploadFrom: 'CALM_KEYS_AUTO_UPLOAD_FROM',
  fullScopesFrom: 'CALM_KEYS_FULL_SCOPES_FROM',
  egressAllow: 'CALM_KEYS_EGRESS_ALLOW',
  egressTimeoutMs: 'CALM_KEYS_EGRESS_TIMEOUT_MS',
  sessionTtlHours: 'CALM_KEYS_SESSION_TTL_HOURS',
  mtlsPort: 'CALM_KEYS_MTLS_PORT',
  mtlsPublicUrl: 'CALM_KEYS_MTLS_PUBLIC_URL',
  tokenValiditySeconds: 'CALM_KEYS_TOKEN_VALIDITY_SECONDS',
  signingKeyActivationHours: 'CALM_KEYS_SIGNING_KEY_ACTIVATION_HOURS',
  telemetryRetentionDays: 'CALM_KEYS_TELEMETRY_RETENTION_DAYS',
  lmDeletedKeyRetentionDays: 'CALM_KEYS_LM_DELETED_KEY_RETENTION_DAYS',
  requestTimeoutMs: 'CALM_KEYS_REQUEST_TIMEOUT_MS',
  maxConnectionsPerAddress: 'CALM_KEYS_MAX_CONNECTIONS_PER_ADDRESS',
  socketIdleTimeoutMs: 'CALM_KEYS_SOCKET_IDLE_TIMEOUT_MS',
  hstsMaxAgeSeconds: 'CALM_KEYS_HSTS_MAX_AGE',
  shutdownTimeoutMs: 'CALM_KEYS_SHUTDOWN_TIMEOUT_MS',
  serviceManagerRequestsPerMinute: 'CALM_KEYS_SM_REQUESTS_PER_MINUTE',
  signing: 'CALM_KEYS_SIGNING',
  rejectTokensOfDeletedBindings: 'CALM_KEYS_REJECT_TOKENS_OF_DELETED_BINDINGS',
  outboxDelayMs: 'CALM_KEYS_OUTBOX_DELAY_MS',
  webhookRetryBaseMs: 'CALM_KEYS_WEBHOOK_RETRY_BASE_MS',
  keyRetestIntervalSeconds: 'CALM_KEYS_KEY_RETEST_INTERVAL_SECONDS',
  lmRotationPollMs: 'CALM_KEYS_LM_ROTATION_POLL_MS',
  certificateExpiryCheckHours: 'CALM_KEYS_CERTIFICATE_EXPIRY_CHECK_HOURS',
  devClock: 'CALM_KEYS_DEV_CLOCK',
  seed: 'CALM_KEYS_SEED',
  inMemory: 'CALM_KEYS_IN_MEMORY',
} as const;

export type SettingName = keyof typeof ENV;

export const configSchema = z.object({
  /** HTTPS (or HTTP with tls=off) port of the one origin. 0 picks a free port (tests). */
  port: port.default(8443),
  /** Address to bind; loopback by default so that a first start exposes nothing. */
  host: z.string().min(1).default('127.0.0.1'),
  /** The URL clients reach calm-keys at; written into every service key. Default: https://localhost:<port>. */
  publicUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** `local`: HTTPS with the generated local CA (default; SAP's xssec requires https for JWKS). `off`: plain HTTP. */
  tls: z.enum(['local', 'off']).default('local'),
  dataDir: z.string().min(1).default('./data'),
  /** postgres://... selects PostgreSQL; unset means SQLite at <dataDir>/calm-keys.db. */
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// or postgresql:// URL (unset it to use the embedded SQLite)')
    .optional(),
  logLevel: logLevel.default('info'),
  /** base64 of 32 bytes; when unset the key lives in masterKeyFile (created with mode 0600). */
  masterKey: z.string().min(1).optional(),
  masterKeyFile: z.string().min(1).optional(),
  adminUser: z
    .string()
    .regex(/^[a-z0-9._@-]{1,64}$/i, 'letters, digits, . _ @ - (at most 64)')
    .default('admin'),
  adminPassword: z.string().min(12, 'at least 12 characters').optional(),
  autoGenerateFrom: isoDate.default('2023-06-12'),
  autoUploadFrom: isoDate.default('2023-06-14'),
  fullScopesFrom: isoDate.default('2023-10-16'),
  /** Hosts the server may call when it tests a key (Landscape Management). The public origin is always allowed. */
  egressAllow: hostList.default(['*.hana.ondemand.com', '*.alm.cloud.sap']),
  egressTimeoutMs: z.coerce.number().int().min(100).max(120_000).default(10_000),
  sessionTtlHours: z.coerce
    .number()
    .min(0.1)
    .max(24 * 30)
    .default(12),
  /** Second HTTPS listener that asks for client certificates: the `certurl` of x509 keys. Unset: 8444, or a free port when `port` is 0. */
  mtlsPort: port.optional(),
  /** The URL x509 clients reach the mTLS listener at (`uaa.certurl`). Default: https://localhost:<mtlsPort>. */
  mtlsPublicUrl: z.url({ protocol: /^https$/ }).optional(),
  /** Access-token lifetime; XSUAA's default is 12 h, its range 60 s to 24 h. */
  tokenValiditySeconds: z.coerce.number().int().min(60).max(86_400).default(43_200),
  /** How long a rotated-in signing key is published before it signs (XSUAA manual rotation: at least 12 h). */
  signingKeyActivationHours: z.coerce
    .number()
    .min(0)
    .max(24 * 30)
    .default(12),
  /** Pushed metrics and logs are kept this many days after they arrive (a sweep runs hourly). */
  telemetryRetentionDays: z.coerce.number().min(0.01).max(3650).default(7),
  /** A key deleted from a Landscape Management slot stays restorable this many days (Recently deleted; hourly sweep). */
  lmDeletedKeyRetentionDays: z.coerce.number().min(0.01).max(365).default(7),
  /** Both listeners: a request (headers and body) not complete after this long is answered 408 and closed. */
  requestTimeoutMs: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /** Both listeners: open connections per client address; more are closed at once (raise it behind a proxy). */
  maxConnectionsPerAddress: z.coerce.number().int().min(1).max(100_000).default(64),
  /** Both listeners: a connection with no byte read or written for this long is closed (a client that stops reading its answer). Longer than the slowest request (an LM Test: about 90 s). */
  socketIdleTimeoutMs: z.coerce.number().int().min(1_000).max(3_600_000).default(120_000),
  /** Strict-Transport-Security max-age on HTTPS answers. Unset: one year, none for a loopback public URL (src/http/hsts.ts). */
  hstsMaxAgeSeconds: z.coerce.number().int().min(0).max(63_072_000).optional(),
  /** On SIGTERM/SIGINT: how long requests in flight may take to finish before the process ends anyway (exit 1). */
  shutdownTimeoutMs: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** SAP Service Manager's overall request limit per caller and minute (`/v1`, `/btp/v1`); bindings' and instance creations' are never above it. */
  serviceManagerRequestsPerMinute: z.coerce.number().int().min(1).max(1_000_000).default(1000),
  /**
   * Where the token endpoint's RSA signatures run (xsuaa/jwt-signer.ts): `threadpool` (libuv's threads, another core
   * signs while the main thread serves), `main-thread` (no hand-over: best on one CPU), or `auto`: the threadpool
   * when the process may use more than one CPU (os.availableParallelism(), which taskset and cgroups lower).
   */
  signing: z.enum(['auto', 'main-thread', 'threadpool']).default('auto'),
  /**
   * The Cloud ALM API refuses tokens already issued to a deleted binding (XSUAA keeps them valid until `exp`, the
   * default): for a leaked key. Other processes on the database refuse them within 2 s (xsuaa/client-standing.ts).
   */
  rejectTokensOfDeletedBindings: onOff.default(false),
  /** Tests only: this process delivers an outbox event (btp's binding.deleted) only once it is this old (store/outbox-dispatcher.ts). */
  outboxDelayMs: z.coerce.number().int().min(0).max(3_600_000).default(0),
  /** Webhooks: the first retry of a failed delivery waits about this long, each next one twice as long (webhooks/backoff.ts); lower it in tests only. */
  webhookRetryBaseMs: z.coerce.number().int().min(10).max(3_600_000).default(5_000),
  /** LM: every filled slot is re-tested this often (±10 % jitter), 1 s to 7 days; 0 or `off` switches it off (landscape/key-test-schedule.ts). */
  keyRetestIntervalSeconds: z
    .preprocess(
      (v) => (typeof v === 'string' && v.trim().toLowerCase() === 'off' ? 0 : v),
      z.coerce.number().int().min(0).max(604_800),
    )
    .default(21_600),
  /** LM staged rotation: how often the worker looks for due steps (a grace period that ended), 100 ms to 1 h (landscape/rotation-worker.ts). */
  lmRotationPollMs: z.coerce.number().int().min(100).max(3_600_000).default(15_000),
  /** LM: how often the sweep looks for slot keys whose X.509 certificate ends within 30, 7 or 1 days (landscape/certificate-expiry.ts), 36 s to 30 days. */
  certificateExpiryCheckHours: z.coerce
    .number()
    .min(0.01)
    .max(24 * 30)
    .default(24),
  /**
   * Tests only: calm-keys' clock can be moved forward by the calm-keys Administrator (`calm-keys clock advance 13h`,
   * `/dev/v1/clock`); token, certificate and schedule times follow it (src/dev-clock). Off: real time, always.
   */
  devClock: onOff.default(false),
  /** A seed file (YAML or JSON, src/main/seed/): the landscape every start creates what is missing of. */
  seed: z.string().min(1).optional(),
  /** SQLite in memory and a temporary data directory, removed when the server stops: for test suites. */
  inMemory: onOff.default(false),
});

export type ConfigInput = z.input<typeof configSchema>;
export type ParsedConfig = z.output<typeof configSchema>;
