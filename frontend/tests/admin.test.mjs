// The coordination team's pages and the account page, each with an axe scan.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, axeProblems, signIn, useApp } from './helpers.mjs';

const app = useApp();

test('the coordination team sees accounts, the verification queue and the audit log', async () => {
  const page = await (await app.browser.newContext({ locale: 'de-DE' })).newPage();
  await signIn(page, app.server.url, DEMO.ADMIN);
  await page.getByRole('link', { name: 'Konten' }).click();
  await page.getByTestId('user-row').first().waitFor();
  assert.ok((await page.getByTestId('user-row').count()) >= 5);
  assert.deepEqual(await axeProblems(page), [], 'accounts');
  await page.getByRole('link', { name: 'Prüfung' }).click();
  await page.getByTestId('queue-entry').first().waitFor();
  assert.deepEqual(await axeProblems(page), [], 'verification queue');
  await page.getByRole('link', { name: 'Protokoll' }).click();
  await page.getByTestId('audit-row').first().waitFor();
  assert.deepEqual(await axeProblems(page), [], 'audit log');
});

test('other roles see no coordination menu, and the API refuses them anyway', async () => {
  const page = await (await app.browser.newContext({ locale: 'de-DE' })).newPage();
  await signIn(page, app.server.url, DEMO.COUNCIL);
  assert.equal(await page.getByRole('link', { name: 'Konten' }).count(), 0);
  assert.equal(await page.getByRole('link', { name: 'Meine Organisation' }).count(), 0);
  await page.goto(`${app.server.url}/admin/users`);
  await page.getByRole('alert').waitFor();
  assert.equal(await page.getByTestId('user-row').count(), 0);
});

test('the account page changes the name and the interface language', async () => {
  const page = await (await app.browser.newContext({ locale: 'de-DE' })).newPage();
  await signIn(page, app.server.url, DEMO.MULTIPLIER);
  await page.getByTestId('signed-in-user').getByRole('link').click();
  await page.getByLabel('Ihr Name').waitFor();
  assert.deepEqual(await axeProblems(page), [], 'account');
  await page.getByLabel('Ihr Name').fill('Lan Nguyễn');
  await page.getByLabel('Sprache der Oberfläche').selectOption('en');
  await page.getByRole('button', { name: 'Speichern' }).click();
  await page.getByRole('heading', { name: 'My account' }).waitFor();
  assert.match(await page.getByTestId('signed-in-user').textContent(), /Lan Nguyễn/);
  await page.getByLabel('Current password').fill('falsch-falsch-falsch');
  await page.getByLabel('New password (at least 12 characters)').fill('ein neues langes Passwort');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.locator('#account-current-password-error').getByText('wrong').waitFor();
});
