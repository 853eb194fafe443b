/**
 * Page timings of the web UI (issue 19's closing note), printed and not asserted: for each main page, the time
 * from the navigation (a hash change, as the side navigation and the pages' links make) to the page's main content
 * being ready (its heading shown, no busy indicator left in the content, and the page's own content: a table row,
 * the key's status), signed in, against a warm server (every page opened once first), median of 5 (each from
 * another page, so each is a fresh render).
 *
 *   flock -s /tmp/calm-keys-webdist.lock env NODE_ENV=test node --import tsx test/ui/page-timings.ts
 *
 * Not a test file (no `.test.ts`): it measures, it does not check, and it costs a minute of CPU.
 */
import { signIn, startTestServer } from '../support/server.js';
import { ADMIN_PASSWORD } from '../support/landscape.js';
import { launch, openPage, signInWithKeyboard } from './browser.js';
import type { Page } from 'playwright-core';

const RUNS = 5;

async function ready(page: Page, heading: string | RegExp, content: string): Promise<void> {
  await page.getByRole('heading', { name: heading }).first().waitFor();
  await page.locator('#content ui5-busy-indicator[active]').waitFor({ state: 'detached' });
  await page.locator(content).first().waitFor();
}

const t = await startTestServer({ env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD } });
const browser = await launch();
try {
  const cookie = await signIn(t.http, 'admin', ADMIN_PASSWORD);
  const get = async (path: string) => (await t.http.call('GET', path, { cookie })).json();
  const tenantId = (await get('/lm/v1/tenants')).items[0].tenantId as string;
  const subaccountId = (await get('/btp/v1/subaccounts')).items[0].id as string;
  const instanceId = (await get('/v1/service_instances')).items[0].id as string;
  const serviceId = (await get(`/lm/v1/tenants/${tenantId}/managed-objects`)).items[0].id as string;
  const pages: { name: string; hash: string; heading: string | RegExp; content: string }[] = [
    { name: 'Account Explorer', hash: '#/btp', heading: 'Account Explorer', content: 'ui5-table-row' },
    {
      name: 'Subaccount (instances)',
      hash: `#/btp/subaccounts/${subaccountId}`,
      heading: 'Instances and Subscriptions',
      content: 'ui5-table-row',
    },
    {
      name: 'Instance (service keys)',
      hash: `#/btp/instances/${instanceId}`,
      heading: 'Service Keys',
      content: 'ui5-button[accessible-name^="View service key"], ui5-button[accessible-name^="View"]',
    },
    { name: 'LM tenants', hash: '#/lm', heading: 'Landscape Management', content: 'ui5-table-row' },
    {
      name: 'LM services and systems',
      hash: `#/lm/${tenantId}`,
      heading: 'Services and Systems',
      content: 'ui5-table-row',
    },
    {
      name: 'LM service key (configuration)',
      hash: `#/lm/${tenantId}/configuration`,
      heading: 'SAP Cloud ALM Service Key',
      content: '#key-status',
    },
    { name: 'LM metrics', hash: `#/lm/${tenantId}/objects/${serviceId}/metrics`, heading: /./, content: '#content h1' },
    { name: 'LM projects', hash: `#/lm/${tenantId}/projects`, heading: 'Projects', content: '#content h1' },
    {
      name: 'LM status events',
      hash: `#/lm/${tenantId}/status-events`,
      heading: 'Service Status Events',
      content: '#content h1',
    },
    { name: 'LM webhooks', hash: `#/lm/${tenantId}/webhooks`, heading: 'Webhooks', content: '#content h1' },
    { name: 'Audit Log', hash: '#/audit', heading: 'Audit Log', content: 'ui5-table-row' },
    { name: 'Security (users)', hash: '#/security', heading: 'Security', content: 'ui5-table-row' },
    { name: 'Fault Injection', hash: '#/faults', heading: /Fault Injection/, content: '#content h1' },
  ];

  const { page, console } = await openPage(browser, t.server.url);
  await signInWithKeyboard(page, 'admin', ADMIN_PASSWORD);
  await page.getByRole('heading', { name: 'Account Explorer' }).waitFor();
  // the global account's page, by the explorer's link to it
  const globalAccount = await page.locator('ui5-link[href^="#/btp/global-accounts/"]').first().getAttribute('href');
  pages.splice(1, 0, {
    name: 'Global account (subaccounts)',
    hash: globalAccount!,
    heading: 'Subaccounts',
    content: 'ui5-table-row',
  });
  // warm: every page once (the server's caches, the browser's lazily loaded chunks)
  for (const p of pages) {
    await page.goto(`/${p.hash}`);
    await ready(page, p.heading, p.content);
  }
  const rows: string[] = [];
  for (const [i, p] of pages.entries()) {
    const other = pages[(i + 1) % pages.length]!;
    const times: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      await page.goto(`/${other.hash}`);
      await ready(page, other.heading, other.content);
      const started = performance.now();
      await page.goto(`/${p.hash}`);
      await ready(page, p.heading, p.content);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    rows.push(
      `| ${p.name} | ${Math.round(times[Math.floor(RUNS / 2)]!)} | ${Math.round(times[0]!)} | ${Math.round(times.at(-1)!)} |`,
    );
  }
  process.stdout.write(
    `| page | median ms | min ms | max ms |\n| --- | ---: | ---: | ---: |\n${rows.join('\n')}\n(${RUNS} runs each, signed in, warm server, ${new Date().toISOString()})\n`,
  );
  console.assertClean();
} finally {
  await browser.close();
  await t.close();
}
