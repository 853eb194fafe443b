// The web UI's weight on the wire (issue 15), read from the built files: per file of web/dist its raw size and the
// size of its brotli and gzip answers, and the total a first load of the page fetches (index.html, the chunks it
// reaches through imports, the fonts its style sheets name). Starts nothing: run `npm run build:web` first.
//
//   node scripts/measure-web-weight.mjs [--dist web/dist] [--json]
//
// The br and gzip columns are the bytes the server sends to a client accepting that encoding: the size of the
// precompressed variant (`<file>.br`, `<file>.gz`, written by the build) when there is one, otherwise the raw size
// (fonts, tiny files). When web/dist has no variants at all (a build before issue 15), the columns show what
// precompression would give, computed with the build's own settings, and say so. HTTP headers (about 0.5 KB per
// answer) are not counted.
import { existsSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  MAX_KEPT_RATIO,
  VARIANT_SUFFIX,
  compressBrotli,
  compressGzip,
  isCompressible,
  walkFirstLoad,
} from './web-compression.mjs';

const args = process.argv.slice(2);
const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const distArg = args.includes('--dist') ? args[args.indexOf('--dist') + 1] : undefined;
const dist = resolve(distArg ?? join(root, 'web', 'dist'));
const asJson = args.includes('--json');

if (!existsSync(join(dist, 'index.html'))) {
  console.error(`${join(dist, 'index.html')} does not exist: run \`npm run build:web\` first.`);
  process.exit(1);
}

async function* filesUnder(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else if (entry.isFile() && !path.endsWith(VARIANT_SUFFIX.br) && !path.endsWith(VARIANT_SUFFIX.gzip)) yield path;
  }
}

const urlPathOf = (path) => `/${relative(dist, path).split(sep).join('/')}`;
const fileOf = (urlPath) => join(dist, ...decodeURIComponent(urlPath).split('/').filter(Boolean));

async function sizeIfExists(path) {
  try {
    return (await stat(path)).size;
  } catch {
    return undefined;
  }
}

const files = [];
for await (const path of filesUnder(dist)) files.push(path);
let precompressed = 0;
for (const path of files) if ((await sizeIfExists(path + VARIANT_SUFFIX.br)) !== undefined) precompressed += 1;
const computed = precompressed === 0;

/** What the server sends per encoding; `computed` when web/dist has no variants and the sizes are what they would be. */
async function weigh(path) {
  const raw = (await stat(path)).size;
  const sizes = { raw, br: raw, gzip: raw };
  for (const [encoding, compress] of [
    ['br', compressBrotli],
    ['gzip', compressGzip],
  ]) {
    const variant = await sizeIfExists(path + VARIANT_SUFFIX[encoding]);
    if (variant !== undefined) sizes[encoding] = variant;
    else if (computed && isCompressible(path, raw)) {
      const packed = (await compress(await readFile(path))).length;
      if (packed <= raw * MAX_KEPT_RATIO) sizes[encoding] = packed;
    }
  }
  return sizes;
}

const walk = await walkFirstLoad('/index.html', async (urlPath) => {
  try {
    return await readFile(fileOf(urlPath === '/' ? '/index.html' : urlPath));
  } catch {
    return undefined;
  }
});
const reached = new Map(walk.files.map((f) => [f.path, f]));

const rows = [];
for (const path of files.sort()) {
  const urlPath = urlPathOf(path);
  const load = reached.get(urlPath);
  rows.push({
    path: urlPath,
    firstLoad: load ? (load.dynamic ? 'dynamic' : 'static') : 'no',
    how: load?.how ?? '',
    ...(await weigh(path)),
  });
}

function total(filter) {
  const sum = { files: 0, raw: 0, br: 0, gzip: 0 };
  for (const row of rows.filter(filter)) {
    sum.files += 1;
    sum.raw += row.raw;
    sum.br += row.br;
    sum.gzip += row.gzip;
  }
  return sum;
}
const totals = {
  firstLoad: total((r) => r.firstLoad !== 'no'),
  firstLoadStatic: total((r) => r.firstLoad === 'static'),
  allFiles: total(() => true),
};

if (asJson) {
  console.log(JSON.stringify({ dist, computed, missing: walk.missing, files: rows, totals }, null, 2));
  process.exit(walk.missing.length > 0 ? 1 : 0);
}

const n = (value) => value.toLocaleString('en-US').padStart(11);
const kb = (value) => `${(value / 1000).toFixed(1)} kB`;
console.log(`${relative(root, dist) || dist}: ${files.length} files, ${precompressed} with precompressed variants`);
if (computed)
  console.log('(no .br/.gz files: br and gzip are what the build would write, computed now; run `npm run build:web`)');
console.log(
  `\n${'file'.padEnd(44)} ${'first load'.padEnd(10)} ${'raw'.padStart(11)} ${'gzip'.padStart(11)} ${'br'.padStart(11)}`,
);
for (const row of rows)
  console.log(
    `${row.path.padEnd(44)} ${(row.firstLoad === 'no' ? '-' : `${row.firstLoad}`).padEnd(10)} ${n(row.raw)} ${n(row.gzip)} ${n(row.br)}`,
  );
const line = (label, t) =>
  console.log(`${label.padEnd(55)} ${n(t.raw)} ${n(t.gzip)} ${n(t.br)}   (${kb(t.raw)} / ${kb(t.gzip)} / ${kb(t.br)})`);
console.log('');
line(`first load, before the code runs (${totals.firstLoadStatic.files} files)`, totals.firstLoadStatic);
line(`first load with dynamic imports (${totals.firstLoad.files} files)`, totals.firstLoad);
line(`every file of web/dist (${totals.allFiles.files} files)`, totals.allFiles);
console.log(
  '\nThe first load counts every font the style sheet names; a browser fetches only the faces a page uses, so it is an upper bound.',
);
if (walk.missing.length > 0) {
  console.error(`referenced but not in ${dist}: ${walk.missing.join(', ')}`);
  process.exit(1);
}
