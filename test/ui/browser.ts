/**
 * Browser tests drive Debian's chromium with playwright-core against the real server (HTTPS with its own CA,
 * accepted in the browser context only). Every console error or warning and every uncaught page error fails
 * the test unless the test said it expects it (the browser logs an HTTP 401 of a refused sign-in, for one).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CALM_KEYS_CHROMIUM ?? '/usr/bin/chromium';
const WEB_INDEX = new URL('../../web/dist/index.html', import.meta.url);

/** Screenshots of every run land in artifacts/ui; CALM_KEYS_UPDATE_SCREENSHOTS=1 also writes docs/screenshots (committed, shown in the README). */
const ARTIFACTS = new URL('../../artifacts/ui/', import.meta.url).pathname;
const DOCS = new URL('../../docs/screenshots/', import.meta.url).pathname;

export function assertPrerequisites(): void {
  assert.ok(
    existsSync(CHROMIUM),
    `chromium is missing at ${CHROMIUM}: apt-get install -y chromium (or set CALM_KEYS_CHROMIUM)`,
  );
  assert.ok(existsSync(WEB_INDEX), 'the web UI is not built: run `npm run build:web` first (`npm test` does)');
}

export async function launch(): Promise<Browser> {
  assertPrerequisites();
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export interface Console {
  /** Console errors and warnings, page errors. */
  readonly problems: string[];
  /** Every console line, to search for secrets. */
  readonly all: string[];
  /** Consumes one expected problem (e.g. the 401 a refused sign-in logs); fails if it did not occur. */
  expect(pattern: RegExp): void;
  /** Fails on any problem not expected. */
  assertClean(): void;
}

export interface Session {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly console: Console;
}

export async function openPage(
  browser: Browser,
  baseURL: string,
  viewport = { width: 1280, height: 800 },
): Promise<Session> {
  const context = await browser.newContext({
    baseURL,
    ignoreHTTPSErrors: true,
    viewport,
    acceptDownloads: true,
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const problems: string[] = [];
  const all: string[] = [];
  page.on('console', (message) => {
    all.push(message.text());
    if (message.type() === 'error' || message.type() === 'warning')
      problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  // everything the page loads comes from calm-keys itself (no CDN for fonts, icons or locale data)
  const origin = new URL(baseURL).origin;
  page.on('request', (request) => {
    if (!request.url().startsWith(origin) && !request.url().startsWith('data:') && !request.url().startsWith('blob:'))
      problems.push(`request to another origin: ${request.url()}`);
  });
  const console: Console = {
    problems,
    all,
    expect(pattern) {
      const index = problems.findIndex((p) => pattern.test(p));
      assert.ok(index >= 0, `expected a console line matching ${pattern}; got ${JSON.stringify(problems)}`);
      problems.splice(index, 1);
    },
    assertClean() {
      assert.deepEqual(problems, [], 'the browser console has errors or warnings');
    },
  };
  return { context, page, console };
}

/** Signs in through the form, by keyboard only: type, Tab, type, Enter. */
export async function signInWithKeyboard(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/');
  await page.locator('#username input').waitFor();
  await page.keyboard.type(username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
}

/** Takes a screenshot after checking that no secret is anywhere on the page (shadow roots and inputs included). */
export async function screenshot(page: Page, name: string, secrets: readonly string[] = []): Promise<void> {
  const text = await allText(page);
  for (const secret of secrets) assert.ok(!text.includes(secret), `a secret is on the page of screenshot ${name}`);
  mkdirSync(ARTIFACTS, { recursive: true });
  // a passing toast would cover what the picture is about
  await page.evaluate("document.querySelectorAll('ui5-toast').forEach((t) => t.remove())");
  // a picture of the page at rest, not of a dialog fading in or the navigation sliding away
  await stillness(page);
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  if (process.env.CALM_KEYS_UPDATE_SCREENSHOTS === '1') {
    mkdirSync(DOCS, { recursive: true });
    await page.screenshot({ path: join(DOCS, `${name}.png`) });
  }
}

/**
 * The scripts below run in the page. They are strings because tsx (esbuild keepNames) would wrap named
 * functions of a callback in a helper that does not exist in the browser.
 */
const ALL_TEXT = `(() => {
  const parts = [document.body.innerText];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) { parts.push(el.shadowRoot.textContent || ''); walk(el.shadowRoot); }
    }
  };
  walk(document);
  for (const input of document.querySelectorAll('ui5-input, ui5-textarea')) parts.push(String(input.value || ''));
  return parts.join('\\n');
})()`;

/** Text of the light DOM, every open shadow root and every input's value, to search for secrets. */
export async function allText(page: Page): Promise<string> {
  return (await page.evaluate(ALL_TEXT)) as string;
}

/** The one thing the UI may keep in the browser: the theme chosen in the user menu, a theme name (web/src/theme.ts). */
const THEME_KEY = 'calm-keys.theme';
const LANGUAGE_KEY = 'calm-keys.language';
const THEME_NAMES = ['sap_horizon', 'sap_horizon_dark', 'sap_horizon_hcb', 'sap_horizon_hcw'];

/** Storage must never hold anything of ours (no tokens, no keys, no secrets): at most the theme's name. */
export async function assertNoStorage(page: Page): Promise<void> {
  const stored = (await page.evaluate(
    '({ local: { ...window.localStorage }, session: { ...window.sessionStorage } })',
  )) as { local: Record<string, string>; session: Record<string, string> };
  const { [THEME_KEY]: theme, [LANGUAGE_KEY]: language, ...local } = stored.local;
  if (theme !== undefined)
    assert.ok(THEME_NAMES.includes(theme), `localStorage ${THEME_KEY} holds a theme name: ${theme}`);
  if (language !== undefined)
    assert.ok(['en', 'de'].includes(language), `localStorage ${LANGUAGE_KEY} holds a language: ${language}`);
  assert.deepEqual({ local, session: stored.session }, { local: {}, session: {} });
}

/**
 * Every control on the page has a name: UI5 buttons, inputs, selects, switches, links and file pickers carry
 * text, an accessible name, or a ui5-label pointing at them.
 */
const UNLABELLED = `(() => {
  const out = [];
  const controls = document.querySelectorAll('ui5-button, ui5-toggle-button, ui5-input, ui5-select, ui5-switch, ui5-link, ui5-file-uploader, ui5-checkbox, ui5-step-input');
  for (const c of controls) {
    if (c.closest('[hidden]')) continue;
    const text = (c.textContent || '').trim() || c.text || '';
    const label = c.id ? document.querySelector('ui5-label[for="' + c.id + '"]') : null;
    if (!text && !c.accessibleName && !label) out.push(c.outerHTML.slice(0, 120));
  }
  return out;
})()`;

export async function assertControlsLabelled(page: Page): Promise<void> {
  assert.deepEqual(await page.evaluate(UNLABELLED), [], 'every control has a label');
}

/** axe-core's browser build, evaluated in the page (an inline script tag would be refused by the page's CSP). */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface A11yViolation {
  readonly id: string;
  readonly impact: string;
  readonly help: string;
  readonly targets: readonly string[];
}

/**
 * Runs axe-core over the whole document, open shadow roots included (axe walks them itself; a target inside one
 * is a chain of selectors). Only the WCAG A/AA and best-practice rules; impact as axe grades it.
 */
const AXE_RUN = `(async () => {
  const result = await window.axe.run(document, { resultTypes: ['violations'] });
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact || 'unknown',
    help: v.help,
    targets: v.nodes.map((n) => JSON.stringify(n.target)),
  }));
})()`;

/**
 * Popups fade in (UI5 holds a new popup at opacity 0.1 for 50 ms, class ui5-popup-opening): colours measured
 * mid-way are not the ones people read.
 */
const ANIMATIONS_DONE = `(() => {
  if (document.querySelector('.ui5-popup-opening')) return false;
  // the document's animations and every open shadow root's (a UI5 component's transitions run in its shadow)
  const roots = [document];
  for (let i = 0; i < roots.length; i += 1)
    for (const el of roots[i].querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
  return roots.every((root) => root.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity));
})()`;

/**
 * Waits until nothing on the page moves: no popup fading in, no CSS transition or animation running (a finite one).
 * Two frames first: a style change just made (a theme applied, a window resized, a row selected) starts its CSS
 * transitions only when the browser next computes styles, and a reading right away would see none of them.
 */
export async function stillness(page: Page): Promise<void> {
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
  // polled from here: page.waitForFunction would poll with eval in the page, which its CSP refuses
  for (let waited = 0; !(await page.evaluate(ANIMATIONS_DONE)); waited += 25) {
    assert.ok(waited < 5_000, 'the page is still moving (a popup opening, a transition) after 5 s');
    await page.waitForTimeout(25);
  }
}

export async function a11yViolations(page: Page): Promise<A11yViolation[]> {
  // colours read mid-transition are not the ones people read
  await stillness(page);
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(AXE_SOURCE);
  return (await page.evaluate(AXE_RUN)) as A11yViolation[];
}

/** Every violation (any impact) of every `assertNoSeriousA11yViolations` call, for a summary (CALM_KEYS_AXE_REPORT=1). */
export const a11yLog: { label: string; violations: A11yViolation[] }[] = [];

/** Fails when axe finds a violation of impact serious or critical, naming each rule and where. */
export async function assertNoSeriousA11yViolations(page: Page, label: string): Promise<void> {
  const all = await a11yViolations(page);
  a11yLog.push({ label, violations: all });
  const serious = all.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (process.env.CALM_KEYS_AXE_REPORT === '1') return;
  assert.deepEqual(
    serious.map((v) => `${v.impact} ${v.id} (${v.help}): ${v.targets.join(' ')}`),
    [],
    `axe-core: serious or critical violations on ${label}`,
  );
}

/**
 * The focused element, named for a person, as the chain of hosts down through open shadow roots
 * (`ui5-side-navigation > ui5-side-navigation-item#x: Landscape Management`): each link is `tag#id: name`.
 */
const FOCUS_CHAIN = `(() => {
  const describe = (el) => {
    const root = el.getRootNode();
    const labelledBy = (el.getAttribute('aria-labelledby') || '').split(' ').filter(Boolean)
      .map((id) => (root.getElementById ? root.getElementById(id) : null)?.textContent || '').join(' ').trim();
    const named = [el.accessibleName, el.getAttribute('aria-label'), labelledBy, el.text, el.tooltip, el.getAttribute('title')].find((n) => typeof n === 'string' && n);
    const name = named || (el.textContent || '').trim().slice(0, 60);
    return el.localName + (el.id ? '#' + el.id : '') + (name ? ': ' + String(name).replace(/\\s+/g, ' ') : '');
  };
  const chain = [];
  let el = document.activeElement;
  while (el && el !== document.body) {
    chain.push(describe(el));
    el = el.shadowRoot ? el.shadowRoot.activeElement : null;
  }
  return chain.length ? chain.join(' > ') : 'body';
})()`;

export async function focused(page: Page): Promise<string> {
  return (await page.evaluate(FOCUS_CHAIN)) as string;
}

/**
 * Presses `key` until the focus matches `target` (a string is the focused host's exact description, a RegExp is
 * matched against the whole chain), giving up after `max` presses; returns every stop on the way.
 */
export async function pressUntil(page: Page, key: string, target: string | RegExp, max = 30): Promise<string[]> {
  const stops: string[] = [];
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press(key);
    const stop = await focused(page);
    stops.push(stop);
    if (typeof target === 'string' ? stop.split(' > ')[0] === target : target.test(stop)) return stops;
  }
  return assert.fail(`${key} never reached ${String(target)}; stops: ${JSON.stringify(stops, null, 1)}`);
}

/** Waits until the focus matches `target` (as in `pressUntil`), e.g. after a dialog opened or a page loaded. */
export async function focusIs(page: Page, target: RegExp, timeout = 10_000): Promise<void> {
  const started = Date.now();
  let stop = await focused(page);
  while (!target.test(stop)) {
    assert.ok(Date.now() - started < timeout, `the focus never came to ${String(target)}; it is on ${stop}`);
    await page.waitForTimeout(25);
    stop = await focused(page);
  }
}

/**
 * With the focus on the service-key section's `+` (upload), the upload by keyboard up to its format check: Enter opens
 * the Upload Service Key dialog with the focus on its file picker, Enter opens the file chooser, `keyFile` is given,
 * and the format check passes. The dialog is left open for the test's next step (its Upload button).
 */
export async function chooseKeyFileByKeyboard(page: Page, keyFile: string): Promise<void> {
  await focusIs(page, /^ui5-button#upload-key/);
  await page.keyboard.press('Enter');
  await page.getByRole('dialog', { name: 'Upload Service Key' }).waitFor();
  await focusIs(page, /^ui5-file-uploader#key-file/);
  const choosing = page.waitForEvent('filechooser');
  await page.keyboard.press('Enter');
  await (await choosing).setFiles(keyFile);
  await page.locator('#format-ok').waitFor();
}

/**
 * A heading named `title`, alone or with the count a table toolbar adds to it ("Service Keys (2)", "Users (3 of
 * 5)").
 */
export function titled(title: string): RegExp {
  return new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\(\\d+( of \\d+)?\\))?$`);
}

/**
 * Waits for the page's heading (`titled(heading)`; any h1 without one), then for UI5 to have rendered (no busy
 * indicator left in the content).
 */
export async function settled(page: Page, heading?: string): Promise<void> {
  if (heading)
    await page
      .getByRole('heading', { name: titled(heading) })
      .first()
      .waitFor();
  else await page.locator('#content h1').first().waitFor();
  await page.locator('#content ui5-busy-indicator[active]').waitFor({ state: 'detached' });
}

/** With CALM_KEYS_AXE_REPORT=1: prints every violation of this file's axe runs and a count per rule. */
export function printA11yReport(): void {
  if (process.env.CALM_KEYS_AXE_REPORT !== '1') return;
  const perRule = new Map<string, number>();
  for (const { label, violations } of a11yLog)
    for (const v of violations) {
      perRule.set(`${v.impact} ${v.id}`, (perRule.get(`${v.impact} ${v.id}`) ?? 0) + v.targets.length);
      process.stdout.write(`# ${label}: ${v.impact} ${v.id} x${v.targets.length} ${v.targets.slice(0, 3).join(' ')}\n`);
    }
  process.stdout.write(`# per rule (nodes over all pages): ${JSON.stringify(Object.fromEntries(perRule))}\n`);
  process.stdout.write(
    `# pages with violations: ${a11yLog.filter((l) => l.violations.length).length}/${a11yLog.length}\n`,
  );
}
