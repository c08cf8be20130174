// The coordination team's pages and the account page, each with an axe scan.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, axeProblems, navigate, signIn, useApp } from './helpers.mjs';

const app = useApp({ backups: true });

test('the coordination team sees accounts, the verification queue and the audit log', async () => {
  const page = await (await app.browser.newContext({ locale: 'de-DE' })).newPage();
  await signIn(page, app.server.url, DEMO.ADMIN);
  await navigate(page, 'Konten');
  await page.getByTestId('user-row').first().waitFor();
  assert.ok((await page.getByTestId('user-row').count()) >= 5);
  assert.deepEqual(await axeProblems(page), [], 'accounts');
  await navigate(page, 'Prüfung');
  await page.getByTestId('queue-entry').first().waitFor();
  assert.deepEqual(await axeProblems(page), [], 'verification queue');
  await navigate(page, 'Protokoll');
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
  await page.getByRole('heading', { name: 'My account', exact: true }).waitFor();
  assert.match(await page.getByTestId('signed-in-user').textContent(), /Lan Nguyễn/);
  await page.getByLabel('Current password').fill('falsch-falsch-falsch');
  await page.getByLabel('New password (at least 12 characters)').fill('ein neues langes Passwort');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.locator('#account-current-password-error').getByText('wrong').waitFor();
});

/** Polls `check` until it holds (the UI updates asynchronously). */
async function eventually(check, what) {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`never happened: ${what}`);
}

test('the coordination team edits topics, and the directory shows the new label', async () => {
  const page = await (await app.browser.newContext({ locale: 'de-DE' })).newPage();
  await signIn(page, app.server.url, DEMO.ADMIN);
  assert.equal(await page.evaluate(() => document.documentElement.getAttribute('dir')), 'ltr');
  await navigate(page, 'Themen & Ortsteile');
  const topics = page.getByTestId('taxonomy-topic');
  const first = topics.getByTestId('term-row').first();
  await first.waitFor();
  assert.deepEqual(await axeProblems(page), [], 'taxonomy');
  const german = first.getByRole('textbox').first();
  const label = `${await german.inputValue()} und Teilhabe`;
  await german.fill(label);
  await first.getByRole('button', { name: 'Speichern' }).click();
  await topics.getByRole('status').getByText('Gespeichert.').waitFor();
  // The table is read anew after a save; the new row is drawn again by that reload,
  // so it is filled in only once the reload has arrived (a busy CI machine once
  // typed into the row the reload then replaced).
  await page.waitForLoadState('networkidle');

  const before = await topics.getByTestId('term-row').count();
  const added = topics.getByTestId('term-new');
  await added.getByRole('textbox').nth(0).fill('Digitale Teilhabe');
  await added.getByRole('textbox').nth(1).fill('Digital inclusion');
  await added.getByRole('button', { name: 'Hinzufügen' }).click();
  await eventually(async () => (await topics.getByTestId('term-row').count()) === before + 1, 'new topic row');

  const visitor = await (await app.browser.newContext({ locale: 'de-DE' })).newPage();
  await visitor.goto(`${app.server.url}/organisations`);
  await visitor.getByText(label).first().waitFor();
});

test('the coordination team changes a role, and it stays after a reload', async () => {
  const page = await (await app.browser.newContext({ locale: 'de-DE' })).newPage();
  await signIn(page, app.server.url, DEMO.ADMIN);
  await navigate(page, 'Konten');
  const row = page.getByTestId('user-row').filter({ hasText: DEMO.MULTIPLIER[0] });
  await row.waitFor();
  await row.getByRole('combobox').first().selectOption('COUNCIL');
  await row.getByRole('button', { name: 'Speichern' }).click();
  await row.getByRole('status').waitFor();
  await page.reload();
  await row.waitFor();
  assert.equal(await row.getByRole('combobox').first().inputValue(), 'COUNCIL');
});

test('the coordination team sees the daily backup beside the mail outbox', async () => {
  const page = await (await app.browser.newContext({ locale: 'de-DE' })).newPage();
  await signIn(page, app.server.url, DEMO.ADMIN);
  await page.goto(`${app.server.url}/admin/mail`);
  const backups = page.getByTestId('backups');
  await backups.getByRole('heading', { name: 'Datensicherung' }).waitFor();
  // The server made the day's backup when it started; no warning while it is fresh.
  await backups.getByText(/migraup-\d{4}-\d{2}-\d{2}-\d{6}\.jsonl/).waitFor();
  assert.equal(await page.getByTestId('backup-warning').count(), 0);
  assert.deepEqual(await axeProblems(page), [], 'backups and outbox');
  await backups.screenshot({ path: '/tmp/migraup-backups.png' });
});
