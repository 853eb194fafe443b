// The web UI's weight on the wire (issue 15): which files of web/dist get precompressed variants and how, and
// which files a first load fetches. Three users share these rules, so that they cannot drift apart: the Vite build
// (web/vite.config.ts writes the variants after every `npm run build:web`), scripts/measure-web-weight.mjs (the
// report) and test/web-ui-compression.test.ts (the same walk over HTTP against the real server). The server sends
// a variant to a client that accepts its encoding (src/http/web-ui.ts, @fastify/static `preCompressed`).
// Plain JavaScript (types in web-compression.d.mts) so that `node scripts/measure-web-weight.mjs` needs no build.
import { readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * Text formats, which compress well. Not here: woff2 (brotli inside already), woff (zlib inside), png, jpg, webp,
 * and the variants themselves.
 */
export const COMPRESSIBLE_EXTENSIONS = Object.freeze([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.svg',
  '.json',
  '.map',
  '.txt',
  '.xml',
  '.webmanifest',
  '.wasm',
  '.ttf',
  '.otf',
]);

/**
 * Below this a variant saves less than the `Content-Encoding` and `Vary` headers it adds cost. index.html (about
 * 1 KB) stays above it: the page and the single-page app's fallback are sent compressed too.
 */
export const MIN_COMPRESS_BYTES = 512;

/** A variant is kept only when it is at most this share of the raw size; otherwise the raw file is sent. */
export const MAX_KEPT_RATIO = 0.9;

/** File name suffix of each variant, as @fastify/static looks them up. */
export const VARIANT_SUFFIX = Object.freeze({ br: '.br', gzip: '.gz' });

export function isCompressible(path, size) {
  return size >= MIN_COMPRESS_BYTES && COMPRESSIBLE_EXTENSIONS.includes(extname(path).toLowerCase());
}

/** Brotli at its highest quality (11): done once per build, read by every client. */
export function compressBrotli(bytes) {
  return brotliAsync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
}

/** gzip at level 9, for clients without brotli. */
export function compressGzip(bytes) {
  return gzipAsync(bytes, { level: constants.Z_BEST_COMPRESSION });
}

async function* filesUnder(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else if (entry.isFile()) yield path;
  }
}

/**
 * Writes `<file>.br` and `<file>.gz` next to every compressible file under `dir` and returns what it wrote. A variant
 * that would not save enough is not written, and one left from an earlier run is removed, so that the server never
 * sends a variant of other bytes than the file's. The variants take the file's modification time: Last-Modified is the
 * same for every encoding of one file.
 */
export async function precompressDirectory(dir) {
  const rows = [];
  const work = [];
  for await (const path of filesUnder(dir)) {
    if (path.endsWith(VARIANT_SUFFIX.br) || path.endsWith(VARIANT_SUFFIX.gzip)) continue;
    work.push(path);
  }
  // zlib's async calls run on libuv's thread pool: the files compress in parallel
  await Promise.all(
    work.map(async (path) => {
      const info = await stat(path);
      const row = { path, raw: info.size, br: undefined, gzip: undefined };
      rows.push(row);
      const compressible = isCompressible(path, info.size);
      const bytes = compressible ? await readFile(path) : undefined;
      for (const [encoding, compress] of [
        ['br', compressBrotli],
        ['gzip', compressGzip],
      ]) {
        const variant = path + VARIANT_SUFFIX[encoding];
        const packed = bytes ? await compress(bytes) : undefined;
        if (!packed || packed.length > info.size * MAX_KEPT_RATIO) {
          await rm(variant, { force: true });
          continue;
        }
        await writeFile(variant, packed);
        await utimes(variant, info.atimeMs / 1000, info.mtimeMs / 1000);
        row[encoding] = packed.length;
      }
    }),
  );
  return rows.sort((a, b) => a.path.localeCompare(b.path));
}

// ---- what a first load fetches -------------------------------------------------------------------------------

const TAG = /<(script|link)\b([^>]*)>/gi;
const ATTR = (name) => new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i');
// `import{a as b}from"./x.js"`, `import"./x.js"`, `export{a}from"./x.js"` (Vite's minified chunks; relative only)
const STATIC_IMPORT = /\b(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["'](\.{1,2}\/[^"']+|\/[^"']+)["']/g;
const DYNAMIC_IMPORT = /\bimport\(\s*["'](\.{1,2}\/[^"']+|\/[^"']+)["']\s*\)/g;
// the files Vite preloads with a dynamic import: `__vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["assets/a.js"])))`
const VITE_MAP_DEPS = /__vite__mapDeps=\([^)]*?m\.f=\[([^\]]*)\]/g;
const CSS_URL = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)/g;
const CSS_IMPORT = /@import\s+(?:"([^"]*)"|'([^']*)')/g;

function attr(attributes, name) {
  const match = ATTR(name).exec(attributes);
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

/** The files a page references: its module scripts, module preloads, style sheets and icons. */
export function htmlReferences(html) {
  const found = [];
  for (const [, tag, attributes] of html.matchAll(TAG)) {
    if (tag.toLowerCase() === 'script') {
      const src = attr(attributes, 'src');
      if (src) found.push({ url: src, how: 'script', dynamic: false });
      continue;
    }
    const rel = (attr(attributes, 'rel') ?? '').toLowerCase();
    const href = attr(attributes, 'href');
    if (href && /\b(stylesheet|modulepreload|icon|preload)\b/.test(rel))
      found.push({ url: href, how: rel, dynamic: false });
  }
  return found;
}

/** The chunks a script imports: statically (fetched before it runs) and dynamically (when the code asks). */
export function scriptReferences(js) {
  const found = [];
  for (const [, spec] of js.matchAll(STATIC_IMPORT)) found.push({ url: spec, how: 'import', dynamic: false });
  for (const [, spec] of js.matchAll(DYNAMIC_IMPORT)) found.push({ url: spec, how: 'import()', dynamic: true });
  for (const [, list] of js.matchAll(VITE_MAP_DEPS))
    for (const [, dep] of list.matchAll(/["']([^"']+)["']/g))
      found.push({ url: `/${dep}`, how: 'import() preload', dynamic: true });
  return found;
}

/** The fonts, images and style sheets a style sheet names. */
export function styleReferences(css) {
  const found = [];
  for (const match of css.matchAll(CSS_URL)) {
    const url = match[1] ?? match[2] ?? match[3] ?? '';
    if (url && !url.startsWith('data:') && !url.startsWith('#')) found.push({ url, how: 'css url()', dynamic: false });
  }
  for (const match of css.matchAll(CSS_IMPORT))
    found.push({ url: match[1] ?? match[2], how: '@import', dynamic: false });
  return found;
}

function referencesOf(path, bytes) {
  const text = bytes.toString('utf8');
  const ext = extname(path).toLowerCase();
  // a directory's URL (`/`) is its index.html
  if (ext === '.html' || path.endsWith('/')) return htmlReferences(text);
  if (ext === '.js' || ext === '.mjs') return scriptReferences(text);
  if (ext === '.css') return styleReferences(text);
  return [];
}

/**
 * Walks what a first load of `entry` (a URL path: `/`, `/index.html`) fetches, same origin only, reading each file with
 * `read(urlPath)` (bytes, or undefined when it does not exist). `dynamic` is true for a file reached only through a
 * dynamic import: the browser fetches it when the code asks, not before the UI starts. Every font a style sheet names
 * is listed, though a browser fetches only the faces the page uses: the total is an upper bound.
 */
export async function walkFirstLoad(entry, read) {
  const seen = new Map();
  const missing = [];
  // static edges first, so that a file reached both ways counts as static
  for (const followDynamic of [false, true]) {
    const queue = [{ path: entry, how: 'page', from: undefined, dynamic: false }];
    const visited = new Set();
    while (queue.length > 0) {
      const item = queue.shift();
      if (visited.has(item.path)) continue;
      visited.add(item.path);
      const bytes = await read(item.path);
      if (bytes === undefined) {
        if (!missing.includes(item.path)) missing.push(item.path);
        continue;
      }
      if (!seen.has(item.path)) seen.set(item.path, { ...item, bytes });
      for (const ref of referencesOf(item.path, bytes)) {
        if (ref.dynamic && !followDynamic) continue;
        const url = new URL(ref.url, `https://calm-keys.invalid${item.path}`);
        if (url.origin !== 'https://calm-keys.invalid') continue;
        queue.push({ path: url.pathname, how: ref.how, from: item.path, dynamic: item.dynamic || ref.dynamic });
      }
    }
  }
  return { files: [...seen.values()], missing };
}
