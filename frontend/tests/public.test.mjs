// The public pages as the server renders them: readable and searchable without
// JavaScript, and taken over by the web app without a layout shift.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp } from './helpers.mjs';

const app = useApp();

async function withoutJavaScript() {
  const context = await app.browser.newContext({ javaScriptEnabled: false, locale: 'de-DE', viewport: { width: 1280, height: 900 } });
  return context.newPage();
}

const count = async (page) => Number.parseInt(await page.locator('.result-count').first().textContent(), 10);

test('without JavaScript the directory lists organisations and its filter form narrows them', async () => {
  const page = await withoutJavaScript();
  await page.goto(`${app.server.url}/organisations`);
  assert.equal(await page.locator('.card').count(), 20);
  const all = await count(page);
  assert.ok(all >= 30, `${all} organisations`);
  // Tick one Ortsteil and send the form, as a browser without scripts does.
  await page.locator('input[name="districts"]').first().check();
  await Promise.all([page.waitForURL(/districts=/), page.getByRole('button', { name: 'Filter anwenden' }).click()]);
  const narrowed = await count(page);
  assert.ok(narrowed > 0 && narrowed < all, `${narrowed} of ${all}`);
  assert.ok(await page.locator('input[name="districts"]:checked').count() === 1, 'the choice stays ticked');
  // The search box works the same way (together with the ticked filters; here from the start).
  await page.goto(`${app.server.url}/organisations`);
  await page.getByLabel('Suche nach Name, Beschreibung oder Angebot').fill('Brücke der Kulturen');
  await Promise.all([page.waitForURL(/q=/), page.getByRole('button', { name: 'Suchen' }).click()]);
  assert.ok((await page.locator('.card h3').allTextContents()).some((t) => t.includes('Brücke der Kulturen')));
});

test('without JavaScript an organisation shows its profile and offerings, and an event its details', async () => {
  const page = await withoutJavaScript();
  await page.goto(`${app.server.url}/organisations`);
  await Promise.all([page.waitForURL(/\/organisations\/.+/), page.locator('.card h3 a').first().click()]);
  await page.getByRole('heading', { level: 1 }).waitFor();
  assert.ok((await page.locator('[data-testid="offering"]').count()) >= 1, 'offerings are listed');
  assert.match(await page.title(), / · migraup$/);
  const jsonLd = JSON.parse(await page.locator('script[type="application/ld+json"]').textContent());
  assert.equal(jsonLd['@type'], 'Organization');
  await page.goto(`${app.server.url}/events`);
  await Promise.all([page.waitForURL(/\/events\/.+/), page.locator('[data-testid="event-card"] a').first().click()]);
  const event = JSON.parse(await page.locator('script[type="application/ld+json"]').textContent());
  assert.equal(event['@type'], 'Event');
  assert.ok(event.startDate && event.location, JSON.stringify(event));
});

test('the web app takes over the server-rendered pages without a layout shift', async () => {
  const context = await app.browser.newContext({ locale: 'de-DE', viewport: { width: 412, height: 823 } });
  await context.addInitScript(() => {
    window.__shift = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  const page = await context.newPage();
  for (const path of ['/', '/organisations', '/organisations/bruecke-der-kulturen-e-v', '/events']) {
    await page.goto(`${app.server.url}${path}`);
    // Give late work (a second fetch, images) the chance to move something.
    await page.waitForLoadState('networkidle');
    const shift = await page.evaluate(() => window.__shift);
    assert.ok(shift <= 0.01, `cumulative layout shift on ${path}: ${shift}`);
    assert.equal(await page.locator('#ssr').count(), 0, 'the app replaced the server page');
  }
  // The app works as before: its search navigates without reloading the page.
  await page.goto(`${app.server.url}/organisations`);
  await page.evaluate(() => { window.__samePage = true; });
  await page.getByLabel('Suche nach Name, Beschreibung oder Angebot').fill('Brücke');
  await page.getByRole('button', { name: 'Suchen' }).click();
  await page.waitForURL(/q=Br/);
  assert.equal(await page.evaluate(() => window.__samePage), true, 'no full page load');
});

test('the public bundle: a page only the server draws stays, a work page comes with the whole app', async () => {
  const context = await app.browser.newContext({ locale: 'de-DE', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const wasm = [];
  page.on('request', (request) => { if (request.url().endsWith('.wasm')) wasm.push(new URL(request.url()).pathname); });
  // The open-data page has no page in the web app: it loads no app, which would draw
  // "not found" over it. (The frame's `goto`: the page's waits for the app.)
  await page.mainFrame().goto(`${app.server.url}/open-data`);
  await page.waitForLoadState('networkidle');
  assert.equal(await page.locator('h1').first().textContent(), 'Offene Daten');
  assert.deepEqual(wasm, [], 'no web app on a page only the server draws');
  // A public page loads the public bundle, with its texts from the server.
  await page.goto(`${app.server.url}/organisations`);
  assert.ok(wasm.length === 1 && wasm[0].startsWith('/public/'), `the public bundle: ${wasm}`);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Verzeichnis der Organisationen');
  // Sign-in is no page of the public bundle: following the link loads it from the
  // server, which answers with the whole app.
  await page.getByRole('link', { name: 'Anmelden' }).click();
  await page.waitForURL(/\/login$/);
  await page.waitForSelector('html[data-app="ready"]');
  await page.getByLabel('E-Mail-Adresse').waitFor();
  assert.ok(wasm.length === 2 && !wasm[1].startsWith('/public/'), `the whole app: ${wasm}`);
  await context.close();
});
