// End-to-end tests of the web app in headless Chromium against the real server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { DEMO, axeProblems, signIn, useApp } from './helpers.mjs';

const app = useApp();

async function newPage(viewport = { width: 1280, height: 900 }) {
  const context = await app.browser.newContext({ viewport, locale: 'de-DE' });
  return context.newPage();
}

async function resultCount(page) {
  const text = await page.getByTestId('result-count').textContent();
  return Number.parseInt(text, 10);
}

test('home shows the key figures of the network', async () => {
  const page = await newPage();
  await page.goto(app.server.url);
  await page.getByTestId('figure-organisations').waitFor();
  assert.ok(Number(await page.getByTestId('figure-organisations').textContent()) >= 30);
  assert.equal(await page.locator('html').getAttribute('lang'), 'de');
});

test('directory filters narrow the list, live in the URL and survive a reload', async () => {
  const page = await newPage();
  await page.goto(`${app.server.url}/organisations`);
  await page.getByTestId('organisation-card').first().waitFor();
  const all = await resultCount(page);
  assert.ok(all >= 30, `${all} organisations`);
  // Checkbox, name and count share one line, and no option hides in an inner scroll box.
  const layout = await page.evaluate(() => [...document.querySelectorAll('.facet label')].map((label) => {
    const [box, count] = [label.querySelector('input'), label.querySelector('.count')].map((e) => e.getBoundingClientRect());
    const list = label.closest('ul');
    return { sameLine: Math.abs(box.top + box.height / 2 - (count.top + count.height / 2)) < 8, scrolls: list.scrollHeight > list.clientHeight + 1 };
  }));
  assert.ok(layout.length > 10 && layout.every((l) => l.sameLine), 'each filter option on one line');
  assert.ok(layout.every((l) => !l.scrolls), 'no inner scroll box in the filter column');
  await page.getByRole('group', { name: 'Themen' }).getByLabel(/^Mehrsprachigkeit/).check();
  await page.waitForURL(/topics=/);
  await page.waitForFunction((before) => Number.parseInt(document.querySelector('[data-testid=result-count]').textContent, 10) < before, all);
  const narrowed = await resultCount(page);
  assert.ok(narrowed > 0 && narrowed < all, `${narrowed} of ${all}`);
  await page.reload();
  await page.getByTestId('organisation-card').first().waitFor();
  assert.equal(await resultCount(page), narrowed);
  assert.ok(await page.getByRole('group', { name: 'Themen' }).getByLabel(/^Mehrsprachigkeit/).isChecked());
  // Search within the filter, then the back button returns to the filter alone.
  await page.getByLabel('Suche nach Name, Beschreibung oder Angebot').fill('sprachcafé');
  await page.getByRole('button', { name: 'Suchen' }).click();
  await page.waitForURL(/q=/);
  await page.waitForFunction((before) => Number.parseInt(document.querySelector('[data-testid=result-count]').textContent, 10) < before, narrowed);
  await page.goBack();
  await page.waitForFunction((n) => Number.parseInt(document.querySelector('[data-testid=result-count]').textContent, 10) === n, narrowed);
});

test('an organisation page shows its offerings and languages', async () => {
  const page = await newPage();
  await page.goto(`${app.server.url}/organisations`);
  await page.getByRole('link', { name: 'Brücke der Kulturen e.V.' }).click();
  await page.getByTestId('organisation-profile').waitFor();
  assert.match(page.url(), /\/organisations\/bruecke-der-kulturen-e-v$/);
  assert.ok((await page.getByTestId('offering').count()) >= 1);
  await page.getByTestId('organisation-profile').getByText('العربية').first().waitFor();
});

test('each demo role signs in and sees its own role', async () => {
  for (const [role, account] of Object.entries(DEMO)) {
    const page = await newPage();
    await signIn(page, app.server.url, account);
    assert.equal(await page.getByTestId('role').textContent(), account[2], role);
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.getByRole('link', { name: 'Anmelden' }).waitFor();
    await page.context().close();
  }
});

test('the start page follows the role: the council sees the overview by Ortsteil', async () => {
  const council = await newPage();
  await signIn(council, app.server.url, DEMO.COUNCIL);
  await council.getByTestId('district-overview').waitFor();
  assert.equal(await council.getByTestId('district-overview').locator('tbody tr').count(), 13);
  const multiplier = await newPage();
  await signIn(multiplier, app.server.url, DEMO.MULTIPLIER);
  await multiplier.getByTestId('figure-organisations').waitFor();
  assert.equal(await multiplier.getByTestId('district-overview').count(), 0);
  const representative = await newPage();
  await signIn(representative, app.server.url, DEMO.MO_REPRESENTATIVE);
  await representative.getByRole('main').getByRole('link', { name: 'Meine Organisation' }).waitFor();
});

test('a reload keeps the session (silent refresh with the httpOnly cookie)', async () => {
  const page = await newPage();
  await signIn(page, app.server.url, DEMO.COUNCIL);
  await page.reload();
  await page.getByTestId('signed-in-user').waitFor();
  assert.equal(await page.getByTestId('role').textContent(), DEMO.COUNCIL[2]);
});

test('a wrong password is told where the person looks', async () => {
  const page = await newPage();
  await page.goto(`${app.server.url}/login`);
  await page.getByLabel('E-Mail-Adresse').fill(DEMO.ADMIN[0]);
  await page.getByLabel('Passwort').fill('falsches Passwort');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.getByRole('alert').waitFor();
  assert.match(await page.getByRole('alert').textContent(), /falsch/);
});

test('the language switch sets lang and the texts', async () => {
  const page = await newPage();
  await page.goto(`${app.server.url}/organisations`);
  await page.getByLabel('Sprache', { exact: true }).selectOption('en');
  await page.getByRole('heading', { name: 'Directory of organisations' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
});

test('when the API cannot be reached, an error with a retry is shown', async () => {
  const page = await newPage();
  await page.route('**/graphql', (route) => route.abort());
  await page.goto(`${app.server.url}/organisations`);
  await page.getByRole('alert').waitFor();
  await page.unroute('**/graphql');
  await page.getByRole('button', { name: 'Erneut versuchen' }).click();
  await page.getByTestId('organisation-card').first().waitFor();
});

test('no serious or critical accessibility violations (axe, WCAG 2.2 AA)', async () => {
  const page = await newPage();
  const pages = ['/', '/organisations', '/organisations/bruecke-der-kulturen-e-v', '/login', '/gibt-es-nicht'];
  for (const path of pages) {
    await page.goto(`${app.server.url}${path}`);
    await page.locator('main h1').first().waitFor();
    assert.deepEqual(await axeProblems(page), [], path);
  }
});

test('screenshots of the main pages (phone and desktop)', { skip: !process.env.MIGRAUP_SCREENSHOT_DIR }, async () => {
  const dir = process.env.MIGRAUP_SCREENSHOT_DIR;
  mkdirSync(dir, { recursive: true });
  for (const [name, viewport] of [['phone', { width: 360, height: 780 }], ['desktop', { width: 1280, height: 900 }]]) {
    const page = await newPage(viewport);
    for (const [slug, path, ready] of [
      ['home', '/', 'figure-organisations'],
      ['directory', '/organisations', 'organisation-card'],
      ['organisation', '/organisations/bruecke-der-kulturen-e-v', 'organisation-profile'],
      ['events', '/events', 'event-card'],
      ['projects', '/projects', 'project-card'],
    ]) {
      await page.goto(`${app.server.url}${path}`);
      await page.getByTestId(ready).first().waitFor();
      await page.screenshot({ path: `${dir}/${slug}-${name}.png`, fullPage: name === 'desktop' });
    }
    await page.context().close();
  }
});
