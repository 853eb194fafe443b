/**
 * Module layering of docs/ARCHITECTURE.md section 3, checked in CI (`npm run lint`).
 *   cli -> main -> http -> feature modules -> access, audit -> egress, crypto, store -> config -> shared
 * Feature modules are imported from outside only through their index.ts.
 */
const FEATURES = [
  'dev-clock',
  'xsuaa',
  'btp',
  'service-key',
  'key-test',
  'landscape',
  'alm-api',
  'projects',
  'service-status',
  'webhooks',
  'faults',
];
const features = `(${FEATURES.join('|')})`;

/** Which src/ modules each module may import (besides itself). Anything not listed is forbidden. */
const allowed = {
  shared: [],
  config: ['shared'],
  crypto: ['shared', 'config'],
  store: ['shared', 'config'],
  egress: ['shared', 'config'],
  audit: ['shared', 'config', 'store', 'crypto'],
  access: ['shared', 'config', 'store', 'crypto', 'audit'],
  'service-key': ['shared', 'crypto'],
  'key-test': ['shared', 'egress', 'service-key'],
  xsuaa: ['shared', 'config', 'store', 'crypto', 'audit', 'access'],
  btp: ['shared', 'config', 'store', 'crypto', 'audit', 'access', 'xsuaa', 'service-key'],
  landscape: ['shared', 'config', 'store', 'crypto', 'audit', 'access', 'service-key', 'key-test', 'egress'],
  'alm-api': ['shared', 'config', 'store', 'audit', 'access', 'xsuaa'],
  projects: ['shared', 'config', 'store', 'crypto', 'audit', 'access'],
  'service-status': ['shared', 'config', 'store', 'crypto', 'audit', 'access'],
  webhooks: ['shared', 'config', 'store', 'crypto', 'audit', 'access', 'egress'],
  'dev-clock': ['shared', 'config', 'store', 'audit', 'access'],
  faults: ['shared', 'config', 'store', 'crypto', 'audit', 'access'],
  http: ['shared', 'config', 'store', 'crypto', 'audit', 'access', 'egress', ...FEATURES],
  cli: ['shared', 'config', 'service-key', 'key-test', 'egress', 'main'],
  // calm-keys/testing runs in a user's test process and talks to a started server over HTTP only
  testing: [],
  main: ['shared', 'config', 'store', 'crypto', 'audit', 'access', 'egress', 'http', ...FEATURES],
};
const ALL = Object.keys(allowed);

/**
 * The typed error-code catalogues (src/<module>/errors.ts; error-codes.ts where errors.ts already holds the
 * module's error model): constants only, importing nothing. src/shared/error-catalogues.test.ts lists the same.
 */
const ERROR_CATALOGUES = [
  ...[
    'landscape',
    'dev-clock',
    'btp',
    'access',
    'xsuaa',
    'alm-api',
    'projects',
    'service-status',
    'webhooks',
    'faults',
    'service-key',
    'key-test',
    'egress',
    'config',
    'crypto',
    'audit',
    'cli',
    'main',
  ].map((m) => `${m}/errors`),
  ...['shared', 'http', 'store'].map((m) => `${m}/error-codes`),
];
const ERROR_CATALOGUE = `^src/(${ERROR_CATALOGUES.join('|')})\\.ts$`;

/**
 * The composition root is src/main.ts plus the files it keeps beside it in src/main/ (public URLs, the start-up
 * announcement, the demo landscape): one module `main`, so that the layer rules hold for those files too (without
 * the folder here nothing would check what they import, nor stop http or a feature from importing them).
 */
function moduleOf(name) {
  return name === 'main' ? '^src/main(\\.ts$|/)' : `^src/${name}/`;
}

const layerRules = Object.entries(allowed).map(([from, ok]) => {
  const forbiddenTargets = ALL.filter((m) => m !== from && !ok.includes(m));
  return {
    name: `layer-${from}`,
    comment: `src/${from} may import only: ${ok.join(', ') || '(nothing in src)'} (docs/ARCHITECTURE.md rule 1).`,
    severity: 'error',
    from: { path: moduleOf(from), pathNot: '\\.test\\.ts$|/test-support/' },
    // a module's error catalogue (errors.ts, a leaf) may be imported by anyone who reacts to its codes
    to: { path: forbiddenTargets.map(moduleOf), pathNot: ERROR_CATALOGUE },
  };
});

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'feature-through-index',
      comment: 'A feature module is used from outside only through its index.ts.',
      severity: 'error',
      from: { path: '^src/([^/]+)/', pathNot: '\\.test\\.ts$' },
      to: { path: `^src/${features}/`, pathNot: [`^src/$1/`, `^src/${features}/index\\.ts$`, ERROR_CATALOGUE] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'web-talks-http-only',
      comment:
        'The browser UI (web/) talks to the server over HTTP only: it imports nothing from src/ or test/ (docs/ARCHITECTURE.md rule 3).',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^(src|test)/' },
    },
    {
      name: 'web-imports-web-and-generated',
      comment:
        'Outside web/ the browser UI imports packages and generated/ only: generated/api.d.ts holds the REST types built from /openapi.json (npm run gen:api), one file the web UI and the CLI share instead of each writing its own (docs/ARCHITECTURE.md rule 3).',
      severity: 'error',
      from: { path: '^web/' },
      to: { pathNot: '^(web|generated|node_modules)/', dependencyTypesNot: ['core'] },
    },
    {
      name: 'generated-for-clients-only',
      comment:
        "generated/ is built from the server's route declarations: of src/ only the CLI, a client of the REST API, imports it; the server never depends on its own output.",
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/|\\.test\\.ts$|/test-support/' },
      to: { path: '^generated/' },
    },
    {
      name: 'error-catalogues-are-leaves',
      comment:
        'An error catalogue (src/<module>/errors.ts) imports nothing in src/: the CLI and every module may import it.',
      severity: 'error',
      from: { path: ERROR_CATALOGUE },
      to: { path: '^src/' },
    },
    {
      name: 'not-to-test-code',
      comment: 'Production code never imports tests or test support.',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test\\.ts$|/test-support/' },
      to: { path: '\\.test\\.ts$|/test-support/|^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
