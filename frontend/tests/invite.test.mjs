// The coordination team invites a person; the link from the captured e-mail creates
// the account, which is then signed in with its role.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, axeProblems, navigate, signIn, useApp } from './helpers.mjs';

const app = useApp();

test('an admin invites a council member who opens the link, creates the account and is signed in', async () => {
  const admin = await (await app.browser.newContext({ locale: 'de-DE' })).newPage();
  await signIn(admin, app.server.url, DEMO.ADMIN);
  await navigate(admin, 'Einladungen');
  await admin.getByLabel('Rolle').waitFor();
  assert.deepEqual(await axeProblems(admin), [], 'invitations page');
  await admin.getByLabel('E-Mail-Adresse').fill('neues-mitglied@beispiel.de');
  await admin.getByLabel('Rolle').selectOption('COUNCIL');
  await admin.getByRole('button', { name: 'Einladung senden' }).click();
  await admin.getByTestId('invitation-sent').waitFor();
  await admin.getByText('neues-mitglied@beispiel.de').first().waitFor();

  const mails = await (await fetch(`${app.server.url}/dev/mail`)).json();
  const mail = mails.find((m) => m.to === 'neues-mitglied@beispiel.de');
  assert.ok(mail, 'the invitation e-mail was captured');
  const link = new URL(/https?:\/\/\S+\/invitation\?token=\S+/.exec(mail.body)[0]);

  const invited = await (await app.browser.newContext({ locale: 'de-DE' })).newPage();
  await invited.goto(`${app.server.url}${link.pathname}${link.search}`);
  await invited.getByLabel('Ihr Name').waitFor();
  assert.deepEqual(await axeProblems(invited), [], 'accept page');
  await invited.getByLabel('Ihr Name').fill('Mariam Yousef');
  await invited.getByLabel('Passwort').fill('kurz');
  await invited.getByRole('button', { name: 'Konto anlegen' }).click();
  await invited.locator('#accept-password-error').getByText('Mindestens 12 Zeichen').waitFor();
  await invited.getByLabel('Passwort').fill('Beiratssitzung im Rathaus');
  await invited.getByRole('button', { name: 'Konto anlegen' }).click();
  await invited.getByTestId('signed-in-user').waitFor();
  assert.equal(await invited.getByTestId('role').textContent(), 'Integrationsbeirat');
  assert.match(await invited.getByTestId('signed-in-user').textContent(), /Mariam Yousef/);

  // The link works once only.
  const again = await (await app.browser.newContext({ locale: 'de-DE' })).newPage();
  await again.goto(`${app.server.url}${link.pathname}${link.search}`);
  await again.getByLabel('Ihr Name').fill('Jemand anderes');
  await again.getByLabel('Passwort').fill('noch ein langes Passwort');
  await again.getByRole('button', { name: 'Konto anlegen' }).click();
  await again.getByRole('alert').getByText('schon benutzt', { exact: false }).waitFor();
});
