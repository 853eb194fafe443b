// Vite build of the web UI: web/ -> web/dist, served by calm-keys at `/` (src/http/web-ui.ts).
// `npm run dev:web` serves it with hot reload and forwards the API to a running `npm start` (CALM_KEYS_URL).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { precompressDirectory } from '../scripts/web-compression.mjs';

const fonts = fileURLToPath(
  new URL('../node_modules/@sap-theming/theming-base-content/content/Base/baseLib/baseTheme/fonts', import.meta.url),
);
const apiTarget = process.env.CALM_KEYS_URL ?? 'https://localhost:8443';
// What the dev server forwards: the first path segment of every route of the REST contract (docs/openapi.json,
// kept fresh by npm run lint) and the API reference page, so a new route needs no edit here.
const contract = JSON.parse(readFileSync(fileURLToPath(new URL('../docs/openapi.json', import.meta.url)), 'utf8')) as {
  paths: Record<string, unknown>;
};
const apiPrefixes = [
  ...new Set([...Object.keys(contract.paths).map((path) => `/${path.split('/')[1]}`), '/reference']),
];

/**
 * After Vite has written web/dist (public/ included), `<file>.br` (brotli 11) and `<file>.gz` (gzip 9) beside every
 * compressible file: the server sends them to clients that accept them (src/http/web-ui.ts), compressing nothing per
 * request. The rules (which files, which levels) are in scripts/web-compression.mjs.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'calm-keys:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    async writeBundle() {
      await precompressDirectory(outDir);
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [precompress()],
  resolve: { alias: { '@sap-fonts': fonts } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // UI5 Web Components are one large vendor chunk; it is cached for a year under its content hash
    chunkSizeWarningLimit: 2500,
    rollupOptions: {
      output: {
        // JSON (CLDR data, the themes other than Horizon light) and illustrations stay chunks of their own, loaded
        // when used (web/src/theme.ts, pages/no-authorization.ts)
        manualChunks: (id) =>
          !id.endsWith('.json') &&
          !id.includes('/dist/illustrations') &&
          !id.includes('/dist/IllustratedMessage') &&
          (id.includes('node_modules/@ui5/') || id.includes('node_modules/lit'))
            ? 'ui5'
            : undefined,
      },
    },
  },
  server: {
    proxy: Object.fromEntries(apiPrefixes.map((p) => [p, { target: apiTarget, changeOrigin: false, secure: false }])),
  },
});
