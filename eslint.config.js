// Code rules. The module layering (who may import whom) is checked by dependency-cruiser
// (.dependency-cruiser.cjs); the rules here keep libraries and process state in their own layer.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const onlyIn = (what, where) => `${what} belongs in ${where} (docs/ARCHITECTURE.md rule 3).`;

const restricted = {
  crypto: { name: 'node:crypto', message: onlyIn('node:crypto', 'src/crypto/ and src/xsuaa/') },
  cryptoBare: { name: 'crypto', message: onlyIn('node:crypto', 'src/crypto/ and src/xsuaa/') },
  fastify: { group: ['fastify', '@fastify/*'], message: onlyIn('fastify', 'src/http/') },
  sql: { group: ['kysely', 'better-sqlite3', 'pg'], message: onlyIn('SQL access', 'src/store/ and *.repo.ts files') },
  jose: { group: ['jose'], message: onlyIn('jose', 'src/xsuaa/ and src/key-test/') },
  undici: { group: ['undici'], message: onlyIn('outbound HTTP', 'src/egress/') },
  x509: { group: ['@peculiar/*'], message: onlyIn('certificate handling', 'src/crypto/') },
};

function importRules(except) {
  const paths = [];
  const patterns = [];
  for (const [key, rule] of Object.entries(restricted)) {
    if (except.includes(key)) continue;
    if ('name' in rule) paths.push(rule);
    else patterns.push(rule);
  }
  return { 'no-restricted-imports': ['error', { paths, patterns }] };
}

const processEnv = {
  'no-restricted-properties': [
    'error',
    {
      object: 'process',
      property: 'env',
      message: 'Only src/config/ reads process.env; take a parsed Config instead.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'web/dist/**', 'data/**', 'artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  { files: ['src/**/*.ts'], rules: { ...importRules([]), ...processEnv } },
  { files: ['src/crypto/**/*.ts'], rules: importRules(['crypto', 'cryptoBare', 'x509']) },
  { files: ['src/xsuaa/**/*.ts'], rules: importRules(['crypto', 'cryptoBare', 'jose']) },
  { files: ['src/key-test/**/*.ts'], rules: importRules(['jose']) },
  { files: ['src/http/**/*.ts'], rules: importRules(['fastify']) },
  { files: ['src/store/**/*.ts', 'src/**/*.repo.ts'], rules: importRules(['sql']) },
  { files: ['src/egress/**/*.ts'], rules: importRules(['undici']) },
  { files: ['src/config/**/*.ts'], rules: { 'no-restricted-properties': 'off' } },
  // calm-keys/testing is a client library in the user's test process, not server code: it starts the server
  // with the user's environment (process.env), talks to it with undici (a dispatcher trusting the local CA) and
  // draws the administrator's password with node:crypto. It imports nothing else of src/ (dependency-cruiser).
  {
    files: ['src/testing/**/*.ts'],
    rules: { ...importRules(['undici', 'crypto', 'cryptoBare']), 'no-restricted-properties': 'off' },
  },
  // The CLI talks to people on stdout/stderr; tests, scripts and benchmarks may use anything.
  { files: ['src/cli/**/*.ts'], rules: { 'no-console': 'off' } },
  // The browser UI: HTTP only (no server code, no Node built-ins), nothing in web storage, no HTML parsing.
  // Its one import outside web/ is generated/api.d.ts, the REST types it shares with the CLI (npm run gen:api;
  // dependency-cruiser's web-imports-web-and-generated allows exactly that folder).
  {
    files: ['web/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/*', '**/test/*', 'node:*', 'fastify', '@fastify/*'],
              message: 'web/ talks to calm-keys over HTTP only (docs/ARCHITECTURE.md rule 3).',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        // two explained exceptions (an eslint-disable line with its reason each): the theme's name in theme.ts and
        // the language's code in i18n.ts, the user menu's choices; nothing about the person, no data of the API
        { name: 'localStorage', message: 'The UI stores nothing in the browser.' },
        { name: 'sessionStorage', message: 'The UI stores nothing in the browser.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'window', property: 'localStorage', message: 'The UI stores nothing in the browser.' },
        { object: 'window', property: 'sessionStorage', message: 'The UI stores nothing in the browser.' },
        {
          property: 'innerHTML',
          message: 'Build elements with h() from web/src/dom.ts; text is never parsed as HTML.',
        },
        {
          property: 'outerHTML',
          message: 'Build elements with h() from web/src/dom.ts; text is never parsed as HTML.',
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**', 'src/**/test-support/**'],
    rules: {
      'no-restricted-imports': 'off',
      'no-restricted-properties': 'off',
      'no-console': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
);
