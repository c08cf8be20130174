// Seven interface languages, two of them right to left: the page turns around in
// Arabic and Farsi (menu, forms), every kind of page passes an axe scan in Arabic, a
// description written in Arabic reaches Arabic readers, and the choice is remembered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { DEMO, axeProblems, signIn, useApp } from './helpers.mjs';

const app = useApp();

async function newPage(locale, viewport = { width: 1280, height: 900 }, javaScriptEnabled = true) {
  return (await app.browser.newContext({ locale, viewport, javaScriptEnabled })).newPage();
}

/** Signs in (the German form), then chooses `lang` in the header's picker. */
async function signedIn(account, lang, viewport) {
  const page = await newPage('de-DE', viewport);
  await signIn(page, app.server.url, account);
  await page.getByLabel('Sprache', { exact: true }).selectOption(lang);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
  return page;
}

test('Arabic and Farsi pages run right to left, with the menu and forms mirrored', async () => {
  for (const locale of ['ar', 'fa']) {
    const page = await newPage(locale);
    await page.goto(`${app.server.url}/organisations`);
    const html = page.locator('html');
    assert.equal(await html.getAttribute('dir'), 'rtl', locale);
    assert.equal(await html.getAttribute('lang'), locale);
    // Inline start is on the right: the brand stands right of the language picker,
    // the first menu entry right of the last.
    const brand = await page.locator('.brand').boundingBox();
    const picker = await page.locator('.lang-switch').boundingBox();
    assert.ok(brand.x > picker.x, `${locale}: brand ${brand.x} right of picker ${picker.x}`);
    const links = page.getByRole('navigation').first().getByRole('link');
    const first = await links.first().boundingBox();
    const last = await links.last().boundingBox();
    assert.ok(first.x > last.x, `${locale}: menu runs right to left`);
    // A form's label text starts at the right edge of its field.
    await page.goto(`${app.server.url}/login`);
    const edges = await page.evaluate(() => {
      const label = document.querySelector('main label[for]');
      const text = document.createRange();
      text.selectNodeContents(label);
      return { text: text.getBoundingClientRect(), field: document.getElementById(label.htmlFor).getBoundingClientRect() };
    });
    assert.ok(Math.abs(edges.text.right - edges.field.right) < 4 && edges.text.left > edges.field.left + 20, `${locale}: label at the inline start`);
    await page.context().close();
  }
});

test('the language picker names each language in itself and the choice is remembered', async () => {
  const page = await newPage('de-DE');
  await page.goto(`${app.server.url}/organisations`);
  const names = await page.getByLabel('Sprache', { exact: true }).locator('option').allTextContents();
  assert.deepEqual(names, ['Deutsch', 'English', 'العربية', 'Türkçe', 'Українська', 'Русский', 'فارسی']);
  await page.getByLabel('Sprache', { exact: true }).selectOption('uk');
  await page.getByRole('heading', { level: 1 }).filter({ hasText: 'Каталог організацій' }).waitFor();
  // The server's next page is already Ukrainian (the choice wins over the browser's German).
  await page.reload();
  assert.equal(await page.locator('html').getAttribute('lang'), 'uk');
  const response = await page.request.get(`${app.server.url}/organisations`);
  assert.match(await response.text(), /<html lang="uk" dir="ltr"/);
  await page.context().close();
});

test('without JavaScript the language picker is a form that works', async () => {
  const page = await newPage('de-DE', undefined, false);
  await page.goto(`${app.server.url}/organisations`);
  await page.getByLabel('Sprache', { exact: true }).selectOption('ar');
  await page.getByRole('button', { name: 'Wechseln' }).click();
  await page.waitForURL(/\/organisations$/);
  assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
  await page.context().close();
});

test('every kind of page in Arabic has no serious or critical axe finding', async () => {
  const visitor = await newPage('ar');
  for (const path of ['/', '/organisations', '/organisations/bruecke-der-kulturen-e-v', '/events', '/projects', '/login', '/register', '/gibt-es-nicht']) {
    await visitor.goto(`${app.server.url}${path}`);
    await visitor.locator('main h1').first().waitFor();
    assert.equal(await visitor.locator('html').getAttribute('dir'), 'rtl');
    assert.deepEqual(await axeProblems(visitor), [], path);
  }
  await visitor.getByRole('navigation').first().getByRole('link').nth(2).click();
  await visitor.getByTestId('event-card').first().getByRole('link').first().click();
  await visitor.locator('main h1').first().waitFor();
  assert.deepEqual(await axeProblems(visitor), [], 'an event');
  const admin = await signedIn(DEMO.ADMIN, 'ar');
  for (const path of ['/events/new', '/projects/new', '/network', '/account', '/admin/verification', '/admin/users', '/admin/audit-log', '/admin/invitations', '/admin/mail', '/admin/taxonomy']) {
    await admin.goto(`${app.server.url}${path}`);
    await admin.locator('main h1').first().waitFor();
    assert.deepEqual(await axeProblems(admin), [], path);
  }
  const representative = await signedIn(DEMO.MO_REPRESENTATIVE, 'ar');
  for (const path of ['/my-organisation', '/organisations/bruecke-der-kulturen-e-v/edit']) {
    await representative.goto(`${app.server.url}${path}`);
    await representative.locator('main h1').first().waitFor();
    assert.deepEqual(await axeProblems(representative), [], path);
  }
});

test('a representative adds an Arabic description; Arabic readers get it, German readers the German one', async () => {
  const page = await newPage('de-DE');
  await signIn(page, app.server.url, DEMO.MO_REPRESENTATIVE);
  await page.goto(`${app.server.url}/organisations/bruecke-der-kulturen-e-v/edit`);
  await page.getByTestId('add-translation').click();
  const row = page.getByTestId('translations').locator('.translation-row').last();
  await row.locator('select').selectOption('ar');
  await row.locator('textarea').fill('مقهى ثقافي ودروس تقوية بالعربية والتركية.');
  assert.equal(await row.locator('textarea').getAttribute('dir'), 'rtl', 'the text field runs right to left');
  await page.getByRole('button', { name: 'Speichern' }).click();
  await page.getByTestId('saved').waitFor();

  // Server-rendered, as a search engine or a phone without the app sees it.
  const arabic = await newPage('ar', undefined, false);
  await arabic.goto(`${app.server.url}/organisations/bruecke-der-kulturen-e-v`);
  const text = arabic.locator('p.description');
  assert.equal(await text.getAttribute('lang'), 'ar');
  assert.equal(await text.getAttribute('dir'), 'rtl');
  assert.match(await text.textContent(), /مقهى ثقافي/);
  assert.match(await arabic.getByTestId('content-languages').textContent(), /Deutsch|الألمانية|German/);
  // With the app, the same.
  const app2 = await newPage('ar');
  await app2.goto(`${app.server.url}/organisations/bruecke-der-kulturen-e-v`);
  assert.equal(await app2.locator('p.description').getAttribute('lang'), 'ar');
  const german = await newPage('de-DE');
  await german.goto(`${app.server.url}/organisations/bruecke-der-kulturen-e-v`);
  assert.equal(await german.locator('p.description').getAttribute('lang'), 'de');
  assert.doesNotMatch(await german.locator('p.description').textContent(), /مقهى/);
  // The German reader can ask for the Arabic text.
  await german.getByTestId('content-languages').getByRole('link').first().click();
  await german.waitForFunction(() => document.querySelector('p.description')?.lang === 'ar');
});

test('screenshots in Arabic (phone and desktop)', { skip: !process.env.MIGRAUP_SCREENSHOT_DIR }, async () => {
  const dir = process.env.MIGRAUP_SCREENSHOT_DIR;
  mkdirSync(dir, { recursive: true });
  for (const [name, viewport] of [['phone', { width: 360, height: 780 }], ['desktop', { width: 1280, height: 900 }]]) {
    const visitor = await newPage('ar', viewport);
    for (const [slug, path, ready] of [
      ['directory', '/organisations', 'organisation-card'],
      ['organisation', '/organisations/bruecke-der-kulturen-e-v', 'organisation-profile'],
    ]) {
      await visitor.goto(`${app.server.url}${path}`);
      await visitor.getByTestId(ready).first().waitFor();
      await visitor.screenshot({ path: `${dir}/ar-${slug}-${name}.png`, fullPage: name === 'desktop' });
    }
    const admin = await signedIn(DEMO.ADMIN, 'ar', viewport);
    await admin.goto(`${app.server.url}/events/new`);
    await admin.locator('main form').waitFor();
    await admin.screenshot({ path: `${dir}/ar-event-form-${name}.png`, fullPage: name === 'desktop' });
    await admin.goto(`${app.server.url}/network`);
    await admin.getByTestId('network-graph').waitFor();
    await admin.screenshot({ path: `${dir}/ar-network-${name}.png`, fullPage: name === 'desktop' });
  }
});
