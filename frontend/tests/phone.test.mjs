// Every role's day on a phone (390 × 844): the header is one row of at most 64 px
// with the menu behind a button, no page is wider than the screen, the inbox gathers
// every decision and answers them, and the month calendar shows the whole week.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, axeProblems, signIn, useApp } from './helpers.mjs';

const app = useApp();
const PHONE = { viewport: { width: 390, height: 844 }, locale: 'de-DE' };

async function phone(account) {
  const page = await (await app.browser.newContext(PHONE)).newPage();
  if (account) await signIn(page, app.server.url, account);
  else await page.goto(`${app.server.url}/`);
  return page;
}

// The pages each role reaches from the menu, and those everyone reaches.
const EVERYONE = ['/', '/organisations', '/organisations/bruecke-der-kulturen-e-v', '/events', '/projects', '/login', '/register'];
const SIGNED_IN = ['/inbox', '/account'];
const ROLE_ROUTES = {
  ADMIN: ['/network', '/admin/verification', '/admin/invitations', '/admin/users', '/admin/taxonomy', '/admin/audit-log', '/admin/mail', '/admin/freshness', '/admin/import'],
  ADMINISTRATION: ['/network', '/events/new'],
  MO_REPRESENTATIVE: ['/my-organisation', '/network', '/events/new', '/projects/new', '/organisations/bruecke-der-kulturen-e-v/edit'],
  MULTIPLIER: [],
  COUNCIL: ['/network'],
};

async function headerHeight(page) {
  return (await page.locator('header.site-header').boundingBox()).height;
}

test('a visitor: the header is one row, the menu opens and closes on navigation, no page is too wide', async () => {
  const page = await phone();
  assert.ok((await headerHeight(page)) <= 64, `header ${await headerHeight(page)} px`);
  const menu = page.getByText('Menü', { exact: true });
  await menu.click();
  await page.getByRole('navigation').getByRole('link', { name: 'Veranstaltungen' }).click();
  await page.waitForURL(/\/events$/);
  assert.equal(await page.locator('details.menu').evaluate((d) => d.open), false, 'the menu closes after a link');
  for (const route of EVERYONE) {
    await page.goto(`${app.server.url}${route}`);
    await page.waitForLoadState('networkidle');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `${route} is ${width} px wide`);
    assert.ok((await headerHeight(page)) <= 64, `header on ${route}`);
  }
});

for (const role of Object.keys(ROLE_ROUTES)) {
  test(`${role}: the header stays at most 64 px and every page fits a phone`, async () => {
    const page = await phone(DEMO[role]);
    for (const route of [...EVERYONE, ...SIGNED_IN, ...ROLE_ROUTES[role]]) {
      await page.goto(`${app.server.url}${route}`);
      await page.waitForLoadState('networkidle');
      const height = await headerHeight(page);
      assert.ok(height <= 64, `${role}: header ${height} px on ${route}`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `${role}: ${route} is ${width} px wide`);
    }
  });
}

test('the inbox lists a co-organiser invitation and a relation proposal, and answers them', async () => {
  const page = await phone(DEMO.MO_REPRESENTATIVE);
  const count = page.getByTestId('inbox-count');
  await count.waitFor();
  const before = Number(await count.textContent());
  assert.ok(before >= 2, `the header counts ${before}`);
  await page.getByTestId('inbox-link').click();
  const invitation = page.getByTestId('inbox-event-invitation').first();
  await invitation.waitFor();
  const proposal = page.getByTestId('inbox-relation-proposal').filter({ hasText: 'Syrisches Haus Weißensee e.V.' });
  await proposal.waitFor();
  assert.deepEqual(await axeProblems(page), [], 'inbox');
  await proposal.getByRole('button', { name: 'Bestätigen' }).click();
  await proposal.waitFor({ state: 'detached' });
  await invitation.getByRole('button', { name: 'Zusagen' }).click();
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="inbox-count"]')?.textContent ?? 0) === n, before - 2);
});

test('the month calendar shows all seven days on a phone', async () => {
  const page = await phone();
  await page.goto(`${app.server.url}/events`);
  await page.getByTestId('event-card').first().waitFor();
  await page.getByRole('button', { name: 'Monat' }).click();
  const grid = page.getByTestId('month-grid');
  await grid.waitFor();
  const headers = grid.locator('thead th');
  assert.equal(await headers.count(), 7);
  const last = await headers.nth(6).boundingBox();
  assert.ok(last.x + last.width <= 390, `Sunday ends at ${last.x + last.width} px`);
});

test('a signed-in multiplier suggests an organisation without a second account', async () => {
  const page = await phone(DEMO.MULTIPLIER);
  await page.goto(`${app.server.url}/register`);
  await page.getByRole('heading', { name: 'Organisation vorschlagen' }).waitFor();
  assert.equal(await page.getByLabel('Passwort').count(), 0);
  await page.getByLabel('Name').first().fill('Kiezküche International');
  await page.getByRole('button', { name: 'Vorschlagen' }).click();
  await page.getByTestId('registered').waitFor();
  assert.match(await page.getByTestId('registered').textContent(), /Koordinationsteam/);
});

test('Enter in the co-organiser search never submits the event form', async () => {
  const page = await phone(DEMO.ADMINISTRATION);
  await page.goto(`${app.server.url}/events/new`);
  await page.getByLabel('Titel').fill('Entwurf, der nicht entstehen darf');
  const search = page.getByLabel('Organisation suchen und einladen');
  await search.fill('Brücke');
  await search.press('Enter');
  await page.waitForTimeout(500);
  assert.match(page.url(), /\/events\/new$/, 'still on the form: nothing was created');
});

test('saving a profile on a phone moves focus to the outcome beside the button', async () => {
  const page = await phone(DEMO.MO_REPRESENTATIVE);
  await page.goto(`${app.server.url}/organisations/bruecke-der-kulturen-e-v/edit`);
  await page.getByRole('button', { name: 'Speichern', exact: true }).first().click();
  await page.getByTestId('saved').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'save-outcome');
  const outcome = await page.getByTestId('save-outcome').boundingBox();
  assert.ok(outcome.y >= 0 && outcome.y < 844, `the outcome is on screen (y = ${outcome.y})`);
});

test('an Arabic event page shows the time range in its order', async () => {
  const page = await (await app.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'ar' })).newPage();
  await page.goto(`${app.server.url}/events`);
  await page.getByTestId('event-card').first().getByRole('link').first().click();
  const when = page.getByTestId('event-when');
  await when.waitFor();
  // Where "18:00" and "20:30" are drawn: the start must come first, reading left to right.
  const order = await when.evaluate((el) => {
    const node = [...el.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.textContent.includes('–'));
    const text = node.textContent;
    const at = (needle) => {
      const range = document.createRange();
      const i = text.indexOf(needle);
      range.setStart(node, i);
      range.setEnd(node, i + needle.length);
      return range.getBoundingClientRect().left;
    };
    return { start: at('18:00'), end: at('20:30') };
  });
  assert.ok(order.start < order.end, `18:00 at ${order.start} px, 20:30 at ${order.end} px`);
});
