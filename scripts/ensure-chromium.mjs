#!/usr/bin/env node
/**
 * The browser tests drive Debian's chromium (no browser download at npm install). `npm test` runs this first:
 * when /usr/bin/chromium is missing it installs Debian's package with apt (as root), so that the README's one
 * test command works on a fresh machine. CALM_KEYS_CHROMIUM points at another binary instead.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const custom = process.env.CALM_KEYS_CHROMIUM;
const target = custom ?? '/usr/bin/chromium';
if (existsSync(target)) process.exit(0);

const fail = (message) => {
  console.error(`ensure-chromium: ${message}`);
  process.exit(1);
};
if (custom) fail(`CALM_KEYS_CHROMIUM=${custom} does not exist`);
if (!existsSync('/usr/bin/apt-get'))
  fail(
    '/usr/bin/chromium is missing and there is no apt-get: install chromium, or set CALM_KEYS_CHROMIUM to a chromium binary',
  );
if (process.getuid?.() !== 0)
  fail(
    '/usr/bin/chromium is missing: run "sudo apt-get install -y chromium" (installing needs root), or set CALM_KEYS_CHROMIUM',
  );

console.error(
  "ensure-chromium: /usr/bin/chromium is missing; installing Debian's chromium with apt-get (once, about a minute)...",
);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
try {
  execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env });
} catch {
  fail('apt-get could not install chromium (see above)');
}
if (!existsSync(target)) fail('apt-get finished but /usr/bin/chromium is still missing');
console.error('ensure-chromium: installed');
