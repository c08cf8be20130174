// Self-service of a representative: an offering in two delivery languages and a phone
// number only members of the network see. The form's preview hides the phone from the
// public and shows it to members; the public page (app and server-rendered HTML) keeps
// it hidden and shows the offering's languages; a signed-in member sees the phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, axeProblems, signIn, useApp } from './helpers.mjs';

const app = useApp();
const SLUG = 'bruecke-der-kulturen-e-v';
const OFFERING = 'Elterncafé mit Sprachmittlung';
const PHONE = '+49 30 987 654 32';
// The number however a page writes it (`tel:` links drop the spaces).
const PHONE_ANYHOW = /987 654 32|98765432/;

async function newPage(account) {
  const page = await (await app.browser.newContext({ locale: 'de-DE' })).newPage();
  if (account) await signIn(page, app.server.url, account);
  return page;
}

test('a phone for members stays out of the public view, and the offering shows its languages', async () => {
  const page = await newPage(DEMO.MO_REPRESENTATIVE);
  await page.goto(`${app.server.url}/organisations/${SLUG}/edit`);

  // An offering delivered in Arabic and Turkish.
  const adding = page.locator('form').filter({ has: page.getByRole('button', { name: 'Angebot hinzufügen' }) });
  await adding.getByLabel('Titel des Angebots').fill(OFFERING);
  const languages = adding.getByTestId('new-languages');
  await languages.getByRole('checkbox', { name: /^Arabisch/ }).check();
  await languages.getByRole('checkbox', { name: /^Türkisch/ }).check();
  await adding.getByRole('button', { name: 'Angebot hinzufügen' }).click();
  const row = page.getByTestId('offering-row').filter({ hasText: OFFERING });
  await row.waitFor();
  const rowText = await row.textContent();
  assert.match(rowText, /Arabisch/);
  assert.match(rowText, /Türkisch/);

  // The phone, for signed-in people of the network only; the choice says who that is.
  await page.getByLabel('Telefon', { exact: true }).fill(PHONE);
  await page.getByLabel('Wer sieht die Rufnummer?').selectOption('MEMBERS');
  await page.locator('#org-phone-visibility-who').getByText('Nur Personen, die im Netzwerk angemeldet sind.').waitFor();
  await page.getByRole('button', { name: 'Speichern', exact: true }).click();
  await page.getByTestId('saved').waitFor();

  // The preview, switched with the keyboard.
  const preview = page.getByTestId('preview');
  await page.getByTestId('preview-public').focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.getByTestId('preview-public').getAttribute('aria-pressed'), 'true');
  assert.equal(await page.getByTestId('preview-members').getAttribute('aria-pressed'), 'false');
  await preview.waitFor();
  assert.equal(await page.getByTestId('preview-phone').count(), 0, 'the public does not see the phone');
  assert.doesNotMatch(await preview.textContent(), PHONE_ANYHOW);
  await page.getByTestId('preview-members').focus();
  await page.keyboard.press('Space');
  assert.equal(await page.getByTestId('preview-members').getAttribute('aria-pressed'), 'true');
  assert.equal((await page.getByTestId('preview-phone').textContent()).trim(), PHONE, 'members see the phone');
  assert.deepEqual(await axeProblems(page), [], 'edit form with the preview');

  // An anonymous visitor: no phone, the offering in its languages.
  const visitor = await newPage();
  await visitor.goto(`${app.server.url}/organisations/${SLUG}`);
  const offering = visitor.getByTestId('offering').filter({ hasText: OFFERING });
  await offering.waitFor();
  const delivered = await offering.textContent();
  assert.match(delivered, /Arabisch/);
  assert.match(delivered, /Türkisch/);
  assert.doesNotMatch(await visitor.locator('body').textContent(), PHONE_ANYHOW);
  // Nor in the page the server renders for search engines.
  const html = await (await fetch(`${app.server.url}/organisations/${SLUG}`)).text();
  assert.match(html, new RegExp(OFFERING));
  assert.doesNotMatch(html, PHONE_ANYHOW);

  // A signed-in person of the network sees it.
  const member = await newPage(DEMO.MULTIPLIER);
  await member.goto(`${app.server.url}/organisations/${SLUG}`);
  await member.getByTestId('organisation-profile').getByText(PHONE).waitFor();
});
