// What every browser script shares: playwright-core from the cache tools/testenv fills
// (PLAYWRIGHT_NODE_PATH), Debian's Chromium (BROWSER_EXECUTABLE), and the protocol with the
// Python side (tests/browser/conftest.py): the input as JSON in argv[2], one line of JSON on
// stdout at the end, progress on stderr, a screenshot on failure.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

for (const name of ['PLAYWRIGHT_NODE_PATH', 'BROWSER_EXECUTABLE']) {
  if (!process.env[name]) throw new Error(`${name} is unset: run through tools/testenv`);
}
const require = createRequire(import.meta.url);
const { chromium } = require(join(process.env.PLAYWRIGHT_NODE_PATH, 'playwright-core'));
const playwrightVersion = require(join(process.env.PLAYWRIGHT_NODE_PATH, 'playwright-core', 'package.json')).version;

// Bounded waiting: one action, one page load. The Python side bounds the whole script.
const ACTION_TIMEOUT_MS = 15_000;
const NAVIGATION_TIMEOUT_MS = 30_000;

export function launch() {
  return chromium.launch({ executablePath: process.env.BROWSER_EXECUTABLE, headless: true });
}

export { playwrightVersion };

// Run `main({ page, context, browser, input, step })` in a fresh German browser context.
// `step(text)` names what happens next (shown on stderr, and in the report if it fails).
// `main` returns the result; exceptions thrown by the page's own scripts are reported too.
export async function run(name, main) {
  const input = JSON.parse(process.argv[2] ?? '{}');
  const report = { ok: false, step: 'start', pageErrors: [], consoleErrors: [], failedRequests: [] };
  const browser = await launch();
  const context = await browser.newContext({
    baseURL: input.baseUrl,
    locale: 'de-DE',
    timezoneId: 'Europe/Berlin',
    viewport: { width: 1280, height: 900 },
  });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
  const page = await context.newPage();
  context.on('page', watch);
  watch(page);

  function watch(watched) {
    watched.on('pageerror', (error) => report.pageErrors.push(`${watched.url()}: ${error.message}`));
    watched.on('console', (message) => {
      if (message.type() === 'error') report.consoleErrors.push(`${watched.url()}: ${message.text()}`);
    });
    watched.on('requestfailed', (request) => {
      report.failedRequests.push(`${request.method()} ${request.url()}: ${request.failure()?.errorText}`);
    });
  }

  const step = (text) => {
    report.step = text;
    process.stderr.write(`[${name}] ${text}\n`);
  };

  try {
    report.result = await main({ page, context, browser, input, step });
    report.ok = true;
  } catch (error) {
    report.error = String(error?.stack ?? error);
    report.url = page.isClosed() ? '(page closed)' : page.url();
    report.screenshot = await screenshot(page, input.screenshotDir, name);
    process.exitCode = 1;
  } finally {
    await browser.close().catch(() => {});
  }
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

async function screenshot(page, dir, name) {
  if (!dir || page.isClosed()) return null;
  try {
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${name}-${Date.now()}.png`);
    await page.screenshot({ path, fullPage: true, timeout: 10_000 });
    return path;
  } catch {
    return null;
  }
}

// -- steps shared by the scripts ---------------------------------------------------------------

// Fail with a clear message unless `condition` holds.
export function expect(condition, message) {
  if (!condition) throw new Error(message);
}

// Click (a link or a submit button) and wait until the page it leads to has loaded: also when
// the new page has the same URL (a form that posts to its own page, a redirect back).
export async function clickAndLoad(page, locator) {
  const loaded = page.waitForEvent('load');
  await locator.click();
  await loaded;
}

// The same for a key press (Enter on a focused button or field).
export async function pressAndLoad(page, key) {
  const loaded = page.waitForEvent('load');
  await page.keyboard.press(key);
  await loaded;
}

// Press Tab until the element matching `selector` has the focus; returns the number of presses.
// Proves the element is in the page's tab order (reachable without a mouse).
export async function tabTo(page, selector, maxPresses = 80) {
  for (let presses = 1; presses <= maxPresses; presses++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) {
      return presses;
    }
  }
  throw new Error(`${selector} never got the focus in ${maxPresses} presses of Tab`);
}

// Open `next` as a visitor who is not logged in: the page sends them to the login form, they
// log in there and land back on `next`.
export async function logIn(page, { username, password }, next) {
  await page.goto(next);
  const form = page.locator('form#login_form');
  await form.getByLabel('E-Mail-Adresse').fill(username);
  await form.getByLabel('Passwort').fill(password);
  await clickAndLoad(page, form.getByRole('button', { name: 'Einloggen', exact: true }));
  expect(new URL(page.url()).pathname === next, `after logging in the browser is on ${page.url()}`);
}
