// Module hooks of scripts/ts-loader.mjs (they run on Node's hooks thread).
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const tsconfig = JSON.parse(readFileSync(new URL('../tsconfig.json', import.meta.url), 'utf8'));
const options = {
  loader: 'ts',
  format: 'esm',
  target: `node${process.versions.node}`,
  sourcemap: 'inline',
  // what esbuild reads of it: target, useDefineForClassFields, verbatimModuleSyntax (keeps imports whose names
  // are unused, as tsc does)
  tsconfigRaw: { compilerOptions: tsconfig.compilerOptions },
};
// the cache key holds esbuild's version: read from its package.json, esbuild itself loads on the first miss only
const esbuildVersion = JSON.parse(
  readFileSync(join(createRequire(import.meta.url).resolve('esbuild'), '../../package.json'), 'utf8'),
).version;
let transform;
const cacheDir = join(tmpdir(), `calm-keys-ts-${userInfo().uid}`);
mkdirSync(cacheDir, { recursive: true });

const isOwnFile = (url) => url?.startsWith('file:') && !url.includes('/node_modules/');

export async function resolve(specifier, context, nextResolve) {
  if (isOwnFile(context.parentURL) && /^(\.|\/|file:)/.test(specifier) && !specifier.includes('?')) {
    if (/\.m?ts$/.test(specifier)) return { url: new URL(specifier, context.parentURL).href, shortCircuit: true };
    if (specifier.endsWith('.js')) {
      const ts = new URL(`${specifier.slice(0, -3)}.ts`, context.parentURL);
      if (existsSync(ts)) return { url: ts.href, shortCircuit: true };
    }
    // the web UI's sources import as its bundler (vite) resolves: without an extension
    if (!/\.[a-z]+$/i.test(specifier.split('/').pop() ?? '')) {
      for (const candidate of [`${specifier}.ts`, `${specifier}/index.ts`]) {
        const ts = new URL(candidate, context.parentURL);
        if (existsSync(ts)) return { url: ts.href, shortCircuit: true };
      }
    }
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  // JSON imported without `with { type: 'json' }` (the web UI's sources, as vite and tsx take them): a module
  // whose default export is the parsed file
  if (url.startsWith('file:') && url.endsWith('.json') && context.importAttributes?.type !== 'json') {
    const json = readFileSync(fileURLToPath(url), 'utf8');
    JSON.parse(json); // a broken file fails here, naming itself
    return { format: 'module', source: `export default ${json};`, shortCircuit: true };
  }
  if (!(url.startsWith('file:') && /\.m?ts$/.test(url))) return nextLoad(url, context);
  const path = fileURLToPath(url);
  const source = readFileSync(path, 'utf8');
  const key = createHash('sha256')
    .update(`${esbuildVersion}\0${JSON.stringify(options)}\0${path}\0${source}`)
    .digest('hex');
  const cached = join(cacheDir, `${key}.js`);
  let code;
  try {
    code = readFileSync(cached, 'utf8');
  } catch {
    transform ??= (await import('esbuild')).transform;
    code = (await transform(source, { ...options, sourcefile: path })).code;
    // several test processes may write the same entry: each writes its own file and renames it into place
    const temporary = `${cached}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    writeFileSync(temporary, code);
    renameSync(temporary, cached);
  }
  return { format: 'module', source: code, shortCircuit: true };
}
