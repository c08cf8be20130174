// Helpers for the browser tests: the real migraup binary on a fresh SQLite database
// with the demo network, and Debian's Chromium driven by playwright-core.
import { spawn } from 'node:child_process';
import { after, before } from 'node:test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium } from 'playwright-core';

// The demo accounts come from the demo network's data file, the one the server seeds.
const ROLE_LABELS = {
  ADMIN: 'Koordinationsteam',
  ADMINISTRATION: 'Verwaltung',
  MO_REPRESENTATIVE: 'Vertretung einer Organisation',
  MULTIPLIER: 'Multiplikator*in',
  COUNCIL: 'Integrationsbeirat',
};
const demoData = JSON.parse(readFileSync(new URL('../../crates/core/data/demo.json', import.meta.url), 'utf8'));
/** `[email, password, role label]` by role; a second account of a role is `ROLE_2`. */
export const DEMO = {};
for (const account of demoData.accounts) {
  const key = account.role in DEMO ? `${account.role}_2` : account.role;
  DEMO[key] = [account.email, account.password, ROLE_LABELS[account.role]];
}

/** Starts `migraup serve` and resolves with `{ url, stop }` once it prints its address. */
export async function startServer(options = {}) {
  const bin = process.env.MIGRAUP_BIN;
  if (!bin) throw new Error('MIGRAUP_BIN must point to the migraup binary');
  const dir = mkdtempSync(join(tmpdir(), 'migraup-browser-'));
  const child = spawn(bin, ['serve'], {
    env: {
      PATH: process.env.PATH,
      MIGRAUP_DATABASE_URL: `sqlite://${join(dir, 'test.sqlite')}`,
      MIGRAUP_BIND: '127.0.0.1:0',
      MIGRAUP_DEMO: 'true',
      MIGRAUP_STATIC_DIR: process.env.MIGRAUP_STATIC_DIR,
      MIGRAUP_LOG: 'warn',
      // The daily backup at once, into the test's own folder.
      ...(options.backups ? { MIGRAUP_BACKUP_DIR: join(dir, 'backups'), MIGRAUP_BACKUP_HOUR: '0' } : {}),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('migraup did not start in time')), 120_000);
    child.stdout.on('data', (chunk) => {
      const match = /http:\/\/[0-9.:]+/.exec(chunk.toString());
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    });
    child.on('exit', (code) => reject(new Error(`migraup exited with ${code}`)));
  });
  return {
    url,
    stop() {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Headless Debian Chromium with a fresh profile and no background networking. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** The link to `path` (e.g. `confirm-email`) from the newest e-mail to `to` in the
 * development outbox, on this server. Some mails leave just after the answer. */
export async function linkFromMail(url, to, path) {
  let mail;
  for (let i = 0; i < 100 && !mail; i++) {
    const mails = await (await fetch(`${url}/dev/mail`)).json();
    mail = mails.find((m) => m.to === to);
    if (!mail) await new Promise((r) => setTimeout(r, 100));
  }
  if (!mail) throw new Error(`no e-mail to ${to}`);
  const link = new URL(new RegExp(`https?://\\S+/${path}\\?token=\\S+`).exec(mail.body)[0]);
  return `${url}${link.pathname}${link.search}`;
}

/** Signs in through the form and waits for the header to show the person. */
export async function signIn(page, url, [email, password]) {
  await page.goto(`${url}/login`);
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort').fill(password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  // On a phone the person's name is in the closed menu: present, not visible.
  await page.getByTestId('signed-in-user').waitFor({ state: 'attached' });
}

/** Follows a link of the header: on a phone the menu button opens the menu first,
 * and the coordination team's pages are one more menu ("Koordination"). */
export async function navigate(page, name) {
  const header = page.locator('header.site-header');
  const link = header.getByRole('link', { name, exact: true });
  if (!(await link.isVisible())) {
    const button = header.locator('details.menu > summary');
    if (await button.isVisible()) await button.click();
    if (!(await link.isVisible())) await header.locator('details.submenu > summary').click();
  }
  await link.click();
}

/** Serious or critical axe findings on the current page (WCAG 2.0–2.2 A and AA). */
export async function axeProblems(page) {
  await page.waitForLoadState('networkidle');
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * Public pages arrive rendered by the server and the web app takes over a moment
 * later; a page's `goto` and `reload` wait for that (`<html data-app="ready">`), so
 * tests act on the app, not on the page it replaces. Contexts without JavaScript
 * see the server's page only.
 */
function waitingForTheApp(browser) {
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options = {}) => {
    const context = await newContext(options);
    if (options.javaScriptEnabled === false) return context;
    const newPage = context.newPage.bind(context);
    context.newPage = async () => {
      const page = await newPage();
      for (const name of ['goto', 'reload']) {
        const original = page[name].bind(page);
        page[name] = async (...args) => {
          const response = await original(...args);
          await page.waitForSelector('html[data-app="ready"]', { state: 'attached' });
          return response;
        };
      }
      return page;
    };
    return context;
  };
  return browser;
}

/** A server and a browser for the tests of one file, started before and stopped after them. */
export function useApp(options = {}) {
  const app = {};
  before(async () => {
    app.server = await startServer(options);
    app.browser = waitingForTheApp(await launchBrowser());
  });
  after(async () => {
    await app.browser?.close();
    app.server?.stop();
  });
  return app;
}
