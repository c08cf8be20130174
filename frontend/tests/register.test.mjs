// "Register your organisation" through to verification, and the forgotten-password
// path, each with the link from the captured e-mail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, axeProblems, linkFromMail, navigate, signIn, useApp } from './helpers.mjs';

const app = useApp();

async function newPage() {
  return (await app.browser.newContext({ locale: 'de-DE' })).newPage();
}

test('an organisation registers, confirms its e-mail, is verified and becomes public', async () => {
  const page = await newPage();
  await page.goto(`${app.server.url}/register`);
  await page.getByLabel('Name', { exact: true }).waitFor();
  assert.deepEqual(await axeProblems(page), [], 'register page');
  await page.getByLabel('Name', { exact: true }).fill('Sudanesischer Kulturverein Nord');
  await page.getByLabel('Beschreibung').fill('Kultur, Sprache und Nachbarschaft für Familien aus dem Sudan.');
  await page.getByLabel('Ihr Name').fill('Amal Osman');
  await page.getByLabel('E-Mail-Adresse').fill('amal@beispiel.de');
  await page.getByLabel('Neues Passwort (mindestens 12 Zeichen)').fill('qwerty123456');
  await page.getByRole('button', { name: 'Eintragen' }).click();
  await page.locator('#register-password-error').getByText('zu verbreitet').waitFor();
  await page.getByLabel('Neues Passwort (mindestens 12 Zeichen)').fill('Nilufer am Weißen See');
  await page.getByRole('button', { name: 'Eintragen' }).click();
  await page.getByTestId('registered').waitFor();

  const visitor = await newPage();
  await visitor.goto(`${app.server.url}/organisations?q=sudan`);
  await visitor.getByTestId('result-count').waitFor();
  assert.equal(await visitor.getByTestId('organisation-card').count(), 0, 'not public before verification');

  const confirm = await newPage();
  // The app asks for a session when it starts, and the link signs in at once: the
  // start's "no session" answered after the sign-in must not sign the person out.
  let confirmed;
  const signedIn = new Promise((resolve) => { confirmed = resolve; });
  await confirm.route('**/graphql', async (route) => {
    if (!route.request().postData()?.includes('"operationName":"RefreshSession"')) return route.continue();
    // Asked before the sign-in, answered after it.
    const response = await route.fetch();
    await signedIn;
    await route.fulfill({ response });
  });
  confirm.on('requestfinished', (request) => {
    if (request.postData()?.includes('"operationName":"ConfirmEmail"')) confirmed();
  });
  await confirm.goto(await linkFromMail(app.server.url, 'amal@beispiel.de', 'confirm-email'));
  await confirm.getByTestId('confirmed').waitFor();
  assert.equal(await confirm.getByTestId('role').textContent(), DEMO.MO_REPRESENTATIVE[2]);
  // Trust follows verification: until then the start page says so.
  await confirm.goto(`${app.server.url}/`);
  await confirm.getByTestId('awaiting-verification').waitFor();

  const admin = await newPage();
  await signIn(admin, app.server.url, DEMO.ADMIN);
  await navigate(admin, 'Prüfung');
  const entry = admin.getByTestId('queue-entry').filter({ hasText: 'Sudanesischer Kulturverein Nord' });
  await entry.getByRole('button', { name: 'Als geprüft markieren' }).click();
  await admin.getByTestId('verified').waitFor();

  await visitor.reload();
  await visitor.getByRole('link', { name: 'Sudanesischer Kulturverein Nord' }).waitFor();
});

test('the coordination team rejects a registration with a reason, and withdraws an invitation', async () => {
  const register = await fetch(`${app.server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation($i: OrganisationInput!, $r: RegistrantInput!) { registerOrganisation(input: $i, registrant: $r) }',
      variables: { i: { name: 'Werbeagentur Sonnenschein', kind: 'OTHER' }, r: { email: 'werbung@beispiel.de', displayName: 'Werbung', password: 'Wir verkaufen Anzeigen' } },
    }),
  });
  assert.equal((await register.json()).data.registerOrganisation, true);
  const admin = await newPage();
  await signIn(admin, app.server.url, DEMO.ADMIN);
  await admin.goto(`${app.server.url}/admin/verification`);
  const entry = admin.getByTestId('queue-entry').filter({ hasText: 'Werbeagentur Sonnenschein' });
  await entry.getByRole('button', { name: 'Ablehnen' }).click();
  await entry.getByLabel('Begründung').fill('Keine Arbeit zu Migration in Pankow erkennbar.');
  assert.deepEqual(await axeProblems(admin), [], 'queue with the rejection form');
  await entry.getByRole('button', { name: 'Ablehnung senden' }).click();
  await admin.getByTestId('verified').waitFor();
  await admin.getByTestId('queue-entry').filter({ hasText: 'Werbeagentur Sonnenschein' }).getByTestId('rejected').waitFor();
  const mails = await (await fetch(`${app.server.url}/dev/mail`)).json();
  assert.ok(mails.some((m) => m.to === 'werbung@beispiel.de' && m.body.includes('Keine Arbeit zu Migration')), 'the reason is mailed');
  // The coordination team sees the mail in the outbox page.
  await navigate(admin, 'E-Mails');
  await admin.getByTestId('outbox-row').filter({ hasText: 'werbung@beispiel.de' }).first().waitFor();
  assert.deepEqual(await axeProblems(admin), [], 'outbox page');

  await admin.goto(`${app.server.url}/admin/invitations`);
  await admin.getByLabel('E-Mail-Adresse').fill('zurueckgezogen@beispiel.de');
  await admin.getByLabel('Rolle').selectOption('COUNCIL');
  await admin.getByRole('button', { name: 'Einladung senden' }).click();
  const invitation = admin.getByTestId('open-invitation').filter({ hasText: 'zurueckgezogen@beispiel.de' });
  await invitation.waitFor();
  await invitation.getByRole('button', { name: 'Zurückziehen' }).click();
  await invitation.waitFor({ state: 'detached' });
});

test('a forgotten password is reset with the e-mailed link', async () => {
  const page = await newPage();
  await page.goto(`${app.server.url}/login`);
  await page.getByRole('link', { name: 'Passwort vergessen?' }).click();
  await page.getByLabel('E-Mail-Adresse').fill(DEMO.MULTIPLIER[0]);
  await page.getByRole('button', { name: 'Link senden' }).click();
  await page.getByTestId('reset-sent').waitFor();
  const reset = await newPage();
  await reset.goto(await linkFromMail(app.server.url, DEMO.MULTIPLIER[0], 'reset-password'));
  await reset.getByLabel('Neues Passwort (mindestens 12 Zeichen)').fill('ein ganz neues Passwort');
  await reset.getByRole('button', { name: 'Passwort speichern' }).click();
  await reset.getByRole('status').getByText('Passwort ist geändert').waitFor();
  const again = await newPage();
  await signIn(again, app.server.url, [DEMO.MULTIPLIER[0], 'ein ganz neues Passwort']);
});

test('a person downloads their data and deletes their account', async () => {
  const page = await newPage();
  await signIn(page, app.server.url, DEMO.MULTIPLIER_2);
  await page.goto(`${app.server.url}/account`);
  await page.getByRole('button', { name: 'Daten zusammenstellen' }).click();
  const link = page.getByTestId('my-data-download');
  await link.waitFor();
  const href = decodeURIComponent(await link.getAttribute('href'));
  assert.ok(href.includes(DEMO.MULTIPLIER_2[0]), 'the download holds the account');
  assert.deepEqual(await axeProblems(page), [], 'account page with my data');
  await page.locator('#delete-password').fill('falsches Passwort 123');
  await page.getByRole('button', { name: 'Konto endgültig löschen' }).click();
  await page.locator('#delete-password-error').getByText('falsch').waitFor();
  await page.locator('#delete-password').fill(DEMO.MULTIPLIER_2[1]);
  await page.getByRole('button', { name: 'Konto endgültig löschen' }).click();
  await page.waitForURL(`${app.server.url}/`);
  const login = await fetch(`${app.server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: `mutation { login(email: "${DEMO.MULTIPLIER_2[0]}", password: "${DEMO.MULTIPLIER_2[1]}") { accessToken } }` }),
  });
  assert.equal((await login.json()).errors[0].extensions.code, 'UNAUTHENTICATED', 'the account is gone');
});
