// A value the app does not know (an enumeration's new value from a newer server) is
// an error the person sees, never a value the app guesses: the answers are rewritten
// on their way to the page, as a server a version ahead would send them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, signIn, useApp } from './helpers.mjs';

const app = useApp();

/** Every GraphQL answer of `page` from now on with `from` replaced by `to`. */
async function rewriteAnswers(page, from, to) {
  await page.route('**/graphql', async (route) => {
    const response = await route.fetch();
    const body = (await response.text()).replaceAll(from, to);
    await route.fulfill({ response, body });
  });
}

test('a profile visibility the app does not know is an error, not a public profile', async () => {
  const page = await (await app.browser.newContext({ locale: 'de-DE' })).newPage();
  await signIn(page, app.server.url, DEMO.MO_REPRESENTATIVE);
  await rewriteAnswers(page, '"visibility":"PUBLIC"', '"visibility":"SECRET"');
  await page.goto(`${app.server.url}/organisations/bruecke-der-kulturen-e-v/edit`);
  const alert = page.getByRole('alert').filter({ hasText: 'nicht kennt' });
  await alert.waitFor();
  assert.match(await alert.textContent(), /SECRET/);
  // No form offers "public" in its place.
  assert.equal(await page.locator('#org-visibility').count(), 0);
});

test('a role the app does not know is an error at sign-in, not a multiplier', async () => {
  const page = await (await app.browser.newContext({ locale: 'de-DE' })).newPage();
  await rewriteAnswers(page, '"role":"MO_REPRESENTATIVE"', '"role":"SPOKESPERSON"');
  await page.goto(`${app.server.url}/login`);
  await page.getByLabel('E-Mail-Adresse').fill(DEMO.MO_REPRESENTATIVE[0]);
  await page.getByLabel('Passwort').fill(DEMO.MO_REPRESENTATIVE[1]);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'nicht kennt' });
  await alert.waitFor();
  assert.match(await alert.textContent(), /SPOKESPERSON/);
  assert.equal(await page.getByTestId('signed-in-user').count(), 0);
});
