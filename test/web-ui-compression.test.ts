/**
 * The web UI is sent compressed (issue 15): the build writes `<file>.br` and `<file>.gz` beside every compressible
 * file of web/dist (scripts/web-compression.mjs, hooked into web/vite.config.ts), and the server sends the brotli one
 * to a client that accepts br, the gzip one to a gzip client and the file itself to anyone else, with
 * `Vary: Accept-Encoding`, the file's Content-Type and the UI's caching and security headers; the index.html fallback
 * of the single-page app too. A first load of the page, walked over HTTP as a browser fetches it, is under 400 kB with
 * brotli. Static files do not touch the database: one run, on SQLite (as test/web-ui.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { startTestServer, type HttpResponse, type TestServer } from './support/server.js';
import { VARIANT_SUFFIX, isCompressible, precompressDirectory, walkFirstLoad } from '../scripts/web-compression.mjs';

const dist = new URL('../web/dist/', import.meta.url);
/** Issue 15: a first load under 400 kB on the wire. */
const FIRST_LOAD_BUDGET = 400_000;
/**
 * Everything the page can ever load (the other themes, the illustrations, the code of pages loaded when opened):
 * not a first load, but a bound that catches a chunk split off by mistake growing without anyone noticing.
 */
const ALL_CHUNKS_BUDGET = 700_000;
/** What chromium sends over HTTPS: br is preferred over gzip though it is listed later. */
const CHROMIUM_ACCEPT_ENCODING = 'gzip, deflate, br, zstd';

const file = (path: string): Buffer => readFileSync(new URL(path.replace(/^\//, ''), dist));
const hasFile = (path: string): boolean => existsSync(new URL(path.replace(/^\//, ''), dist));

function decode(res: HttpResponse): Buffer {
  const encoding = res.headers['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(res.bytes);
  if (encoding === 'gzip') return gunzipSync(res.bytes);
  assert.equal(encoding, undefined, `unexpected Content-Encoding ${String(encoding)}`);
  return res.bytes;
}

function assets(suffix: string): string[] {
  return readdirSync(new URL('assets/', dist))
    .filter((name) => name.endsWith(suffix))
    .map((name) => `/assets/${name}`);
}

/** The largest script: UI5 Web Components, most of the weight. */
function largestScript(): string {
  return assets('.js').sort(
    (a, b) => statSync(new URL(`.${b}`, dist)).size - statSync(new URL(`.${a}`, dist)).size,
  )[0]!;
}

function assertBuilt(): void {
  assert.ok(hasFile('/index.html'), 'the web UI is not built: run `npm run build:web` first (`npm test` does)');
  assert.ok(
    hasFile(`/index.html${VARIANT_SUFFIX.br}`) && hasFile(`${largestScript()}${VARIANT_SUFFIX.br}`),
    'web/dist has no precompressed variants: it was built before issue 15, run `npm run build:web` again',
  );
}

test('every precompressed variant in web/dist holds exactly the bytes of its file', () => {
  assertBuilt();
  const walk = (dir: URL): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? walk(new URL(`${entry.name}/`, dir)) : [fileURLToPath(new URL(entry.name, dir))],
    );
  const paths = walk(dist);
  let variants = 0;
  for (const path of paths) {
    for (const [suffix, inflate] of [
      [VARIANT_SUFFIX.br, brotliDecompressSync],
      [VARIANT_SUFFIX.gzip, gunzipSync],
    ] as const) {
      if (!path.endsWith(suffix)) continue;
      const original = path.slice(0, -suffix.length);
      assert.ok(paths.includes(original), `${path} has no file beside it`);
      assert.ok(inflate(readFileSync(path)).equals(readFileSync(original)), `${path} decodes to ${original}`);
      variants += 1;
    }
  }
  // every compressible file above the size threshold got both (none here saves too little to be kept)
  const expected = paths.filter(
    (p) => !p.endsWith(VARIANT_SUFFIX.br) && !p.endsWith(VARIANT_SUFFIX.gzip) && isCompressible(p, statSync(p).size),
  );
  assert.ok(expected.length >= 4, 'index.html, the two scripts and the style sheet at least');
  assert.equal(variants, expected.length * 2);
  // woff2 is compressed already: no variant
  for (const font of assets('.woff2')) assert.ok(!hasFile(`${font}${VARIANT_SUFFIX.br}`), font);
});

test('precompression: text over 512 bytes gets both variants; small, incompressible or font files none', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'calm-keys-precompress-'));
  try {
    mkdirSync(join(dir, 'assets'));
    const text = Buffer.from('export const greeting = "hello, calm-keys";\n'.repeat(200));
    writeFileSync(join(dir, 'assets', 'app.js'), text);
    writeFileSync(join(dir, 'index.html'), `<!doctype html><title>x</title>${' '.repeat(600)}`);
    writeFileSync(join(dir, 'small.css'), 'a{color:red}'); // under the threshold
    writeFileSync(join(dir, 'noise.js'), randomBytes(4096)); // saves nothing: the file itself is sent
    writeFileSync(join(dir, 'noise.js.br'), 'stale'); // from an earlier run: removed, never sent for other bytes
    writeFileSync(join(dir, 'font.woff2'), text); // compressed already by its format: never touched
    const rows = await precompressDirectory(dir);
    const written = (name: string) => existsSync(join(dir, name));
    for (const name of ['assets/app.js', 'index.html']) {
      assert.ok(
        brotliDecompressSync(readFileSync(join(dir, `${name}.br`))).equals(readFileSync(join(dir, name))),
        name,
      );
      assert.ok(gunzipSync(readFileSync(join(dir, `${name}.gz`))).equals(readFileSync(join(dir, name))), name);
      // Last-Modified (whole seconds) is the same for every encoding of one file
      const skew = statSync(join(dir, `${name}.br`)).mtimeMs - statSync(join(dir, name)).mtimeMs;
      assert.ok(Math.abs(skew) < 1, `${name}: mtime differs by ${skew} ms`);
    }
    for (const name of ['small.css', 'noise.js', 'font.woff2'])
      assert.ok(!written(`${name}.br`) && !written(`${name}.gz`), name);
    const app = rows.find((r) => r.path.endsWith('app.js'))!;
    assert.equal(app.br, statSync(join(dir, 'assets', 'app.js.br')).size);
    assert.equal(rows.find((r) => r.path.endsWith('noise.js'))!.br, undefined);
    // a second run sees its own variants as variants, not as files to compress again
    await precompressDirectory(dir);
    assert.ok(!written('assets/app.js.br.br') && !written('assets/app.js.gz.br'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

async function get(t: TestServer, path: string, acceptEncoding?: string, extra: Record<string, string> = {}) {
  return t.http.call('GET', path, {
    headers: { ...(acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding }), ...extra },
  });
}

function varyList(res: HttpResponse): string[] {
  return String(res.headers.vary ?? '')
    .toLowerCase()
    .split(',')
    .map((v) => v.trim());
}

test('br, gzip and identity answers: encoding, Vary, Content-Type, caching, the same bytes once decoded', async () => {
  assertBuilt();
  const script = largestScript();
  const style = assets('.css')[0]!;
  // [request path, file it answers, Content-Type, Cache-Control]
  const cases: [string, string, RegExp, string][] = [
    ['/', '/index.html', /^text\/html; charset=utf-8$/, 'no-cache'],
    ['/index.html', '/index.html', /^text\/html; charset=utf-8$/, 'no-cache'],
    // the single-page app's fallback (the not-found handler's sendFile) is compressed too
    ['/deep/link?x=1', '/index.html', /^text\/html; charset=utf-8$/, 'no-cache'],
    [script, script, /^(text|application)\/javascript; charset=utf-8$/, 'public, max-age=31536000, immutable'],
    [style, style, /^text\/css; charset=utf-8$/, 'public, max-age=31536000, immutable'],
  ];
  // [Accept-Encoding, the encoding expected]
  const encodings: [string | undefined, string | undefined][] = [
    [undefined, undefined],
    ['identity', undefined],
    ['br', 'br'],
    ['gzip', 'gzip'],
    [CHROMIUM_ACCEPT_ENCODING, 'br'],
    ['br;q=0, gzip', 'gzip'],
    ['deflate', undefined], // no .deflate variant is written: the file itself
    ['*', 'gzip'], // @fastify/static reads "any" as gzip
  ];
  const t = await startTestServer();
  try {
    for (const [path, source, type, cacheControl] of cases) {
      const raw = file(source);
      const etags = new Map<string | undefined, string>();
      for (const [accept, expected] of encodings) {
        const what = `${path} with Accept-Encoding ${accept ?? '(none)'}`;
        const res = await get(t, path, accept);
        assert.equal(res.status, 200, what);
        assert.equal(res.headers['content-encoding'], expected, what);
        assert.ok(varyList(res).includes('accept-encoding'), `${what}: Vary ${String(res.headers.vary)}`);
        assert.match(String(res.headers['content-type']), type, what);
        assert.equal(res.headers['cache-control'], cacheControl, what);
        assert.ok(String(res.headers['content-security-policy']).includes("script-src 'self'"), what);
        assert.equal(res.headers['x-content-type-options'], 'nosniff', what);
        assert.equal(Number(res.headers['content-length']), res.bytes.length, what);
        const sent = expected === undefined ? raw : file(`${source}${expected === 'br' ? '.br' : '.gz'}`);
        assert.ok(res.bytes.equals(sent), `${what}: the bytes of ${source}${expected ? ` (${expected})` : ''}`);
        assert.ok(decode(res).equals(raw), `${what}: decodes to ${source}`);
        if (expected !== undefined) assert.ok(res.bytes.length < raw.length * 0.9, `${what}: smaller than the file`);
        etags.set(expected, String(res.headers.etag));
      }
      // each encoding is its own representation with its own validator, and a revalidation works per encoding
      assert.notEqual(etags.get('br'), etags.get(undefined), `${path}: ETag of br and identity`);
      assert.notEqual(etags.get('gzip'), etags.get('br'), `${path}: ETag of gzip and br`);
      if (path.startsWith('/assets/')) {
        const again = await get(t, path, 'br', { 'if-none-match': etags.get('br')! });
        assert.equal(again.status, 304, `${path}: If-None-Match of the br answer`);
      }
    }

    // a HEAD says what a GET would send
    const head = await t.http.call('HEAD', script, { headers: { 'accept-encoding': 'br' } });
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-encoding'], 'br');
    assert.equal(Number(head.headers['content-length']), file(`${script}.br`).length);

    // no variant (a font, compressed already; the favicon, too small): the file itself, still Vary
    for (const path of [assets('.woff2')[0]!, '/favicon.svg']) {
      const res = await get(t, path, CHROMIUM_ACCEPT_ENCODING);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers['content-encoding'], undefined, path);
      assert.ok(varyList(res).includes('accept-encoding'), path);
      assert.ok(res.bytes.equals(file(path)), path);
    }
    assert.match(String((await get(t, assets('.woff2')[0]!, 'br')).headers['content-type']), /^font\/woff2/);

    // API answers are not the UI's: no variant lookup, no Vary, under an API prefix the JSON 404 as before
    const api = await get(t, '/btp/v1/nope', 'br');
    assert.equal(api.status, 404);
    assert.equal(api.headers['content-encoding'], undefined);
    assert.ok(!varyList(api).includes('accept-encoding'), `Vary ${String(api.headers.vary)}`);
    assert.equal(api.json().error.code, 'route.not_found');
  } finally {
    await t.close();
  }
});

test(`a first load of the page, walked over HTTP with brotli, is under ${FIRST_LOAD_BUDGET / 1000} kB`, async (ctx) => {
  assertBuilt();
  const t = await startTestServer();
  try {
    const wire = new Map<string, Record<string, number>>();
    const walkWith = async (accept: string | undefined, key: string) =>
      walkFirstLoad('/', async (path) => {
        const res = await get(t, path, accept);
        if (res.status !== 200) return undefined;
        wire.set(path, { ...wire.get(path), [key]: res.bytes.length });
        return decode(res);
      });
    const walk = await walkWith(CHROMIUM_ACCEPT_ENCODING, 'br');
    await walkWith('gzip', 'gzip');
    await walkWith(undefined, 'raw');
    assert.deepEqual(walk.missing, [], 'every file the page references is served');
    const paths = walk.files.map((f) => f.path);
    // the walk reaches what the browser fetches: the entry script, the UI5 chunk, the style sheet and its fonts
    assert.ok(paths.includes(largestScript()), `the UI5 chunk is reached: ${paths.join(', ')}`);
    assert.ok(
      assets('.css').every((p) => paths.includes(p)),
      'the style sheet',
    );
    assert.ok(
      assets('.woff2').every((p) => paths.includes(p)),
      'every font face the style sheet names',
    );

    const sum = (key: string, dynamicToo = true) =>
      walk.files
        .filter((f) => dynamicToo || !f.dynamic)
        .reduce((total, f) => total + (wire.get(f.path)?.[key] ?? Number.NaN), 0);
    const totals = { raw: sum('raw'), gzip: sum('gzip'), br: sum('br'), brBeforeCodeRuns: sum('br', false) };
    ctx.diagnostic(`first load (${walk.files.length} files, every font face): ${JSON.stringify(totals)}`);
    // without compression the same walk is over three times the budget: the test measures the compression
    assert.ok(totals.raw > 3 * FIRST_LOAD_BUDGET, `raw ${totals.raw}`);
    // The first load is what the browser fetches before any of the UI's code runs: the entry, the chunks it imports,
    // the style sheet and its fonts. What the code imports later (import(): a dark or high-contrast theme only when
    // the OS asks for it, an illustration when a page shows an empty state, the No authorization page) comes when
    // it is used, and is bounded on its own.
    assert.ok(
      totals.brBeforeCodeRuns < FIRST_LOAD_BUDGET,
      `br ${totals.brBeforeCodeRuns} bytes before the code runs, budget ${FIRST_LOAD_BUDGET}`,
    );
    assert.ok(
      totals.br < ALL_CHUNKS_BUDGET,
      `br ${totals.br} bytes with every dynamic chunk, bound ${ALL_CHUNKS_BUDGET}`,
    );
    assert.ok(totals.gzip < totals.raw / 3, `gzip ${totals.gzip}`);
  } finally {
    await t.close();
  }
});
