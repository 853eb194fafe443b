// The test suite's TypeScript loader: `node --import ./scripts/ts-loader.mjs --test ...` (scripts/run-tests.mjs).
// It does what tsx does for this repository's own code and no more: a relative `./x.js` import whose x.ts exists
// resolves to x.ts, and a .ts (or .mts) file is turned into JavaScript by esbuild (the same transform tsx uses, with the
// tsconfig's options), cached by content in the temporary folder. Everything else (node_modules, .mjs, JSON) goes
// to Node's own resolution untouched, where tsx's hooks look at every module. On Node 20 every module crosses to
// the hooks' thread and back; the less the hooks do, the cheaper: about 0.6 s less CPU per test file than tsx.
// CALM_KEYS_TEST_LOADER=tsx makes scripts/run-tests.mjs use tsx instead.
import { register } from 'node:module';

// stack traces name the .ts file and line (the transform writes an inline source map), as under tsx
process.setSourceMapsEnabled(true);
register('./ts-loader-hooks.mjs', import.meta.url);
