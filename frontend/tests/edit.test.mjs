// A representative edits their organisation in the browser: the change reaches the
// public directory, concurrent edits meet a CONFLICT that keeps the text, and other
// organisations offer no way to edit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, axeProblems, signIn, useApp } from './helpers.mjs';

const app = useApp();

async function representativePage() {
  const context = await app.browser.newContext({ locale: 'de-DE' });
  const page = await context.newPage();
  await signIn(page, app.server.url, DEMO.MO_REPRESENTATIVE);
  return page;
}

test('a representative edits the profile and the public directory shows it', async () => {
  const page = await representativePage();
  await page.getByRole('navigation').getByRole('link', { name: 'Meine Organisation' }).click();
  await page.getByRole('link', { name: 'Profil bearbeiten' }).click();
  await page.getByLabel('Beschreibung', { exact: true }).fill('Kulturcafé mit Nachhilfe in Arabisch und Türkisch – jetzt auch samstags.');
  await page.getByRole('button', { name: 'Speichern' }).click();
  await page.getByTestId('saved').waitFor();

  const visitor = await (await app.browser.newContext({ locale: 'de-DE' })).newPage();
  await visitor.goto(`${app.server.url}/organisations?q=samstags`);
  await visitor.getByRole('link', { name: 'Brücke der Kulturen e.V.' }).waitFor();
  assert.equal(await visitor.getByTestId('organisation-card').count(), 1);
});

test('a bad web address is explained at the field', async () => {
  const page = await representativePage();
  await page.goto(`${app.server.url}/organisations/bruecke-der-kulturen-e-v/edit`);
  await page.getByLabel('Website', { exact: true }).fill('kein-link');
  await page.getByRole('button', { name: 'Speichern' }).click();
  await page.locator('#website-error').getByText('Keine gültige Web-Adresse').waitFor();
  assert.equal(await page.getByLabel('Website', { exact: true }).getAttribute('aria-invalid'), 'true');
  // The code for the organisation's own website follows the language chosen.
  await page.getByLabel('Sprache Ihrer Website').selectOption('tr');
  assert.match(await page.getByTestId('embed-snippet').inputValue(), /<iframe src="http:\/\/[^"]+\/embed\/organisations\/bruecke-der-kulturen-e-v\?lang=tr"/);
});

test('a concurrent edit meets a conflict that keeps the text, and saving again wins', async () => {
  const first = await representativePage();
  const second = await representativePage();
  for (const page of [first, second]) {
    await page.goto(`${app.server.url}/organisations/bruecke-der-kulturen-e-v/edit`);
    await page.getByLabel('Telefon').waitFor();
  }
  await first.getByLabel('Telefon').fill('+49 30 111 111');
  await first.getByRole('button', { name: 'Speichern' }).click();
  await first.getByTestId('saved').waitFor();

  await second.getByLabel('Telefon').fill('+49 30 222 222');
  await second.getByRole('button', { name: 'Speichern' }).click();
  await second.getByTestId('conflict').waitFor();
  assert.equal(await second.getByLabel('Telefon').inputValue(), '+49 30 222 222', 'the text is kept');
  assert.match(await second.getByTestId('conflict').textContent(), /\+49 30 111 111/);
  await second.getByRole('button', { name: 'Speichern' }).click();
  await second.getByTestId('saved').waitFor();
});

test('a representative finds no way to edit another organisation', async () => {
  const page = await representativePage();
  await page.goto(`${app.server.url}/organisations/syrisches-haus-weissensee-e-v`);
  await page.getByTestId('organisation-profile').waitFor();
  assert.equal(await page.getByTestId('edit-profile').count(), 0);
  await page.goto(`${app.server.url}/organisations/syrisches-haus-weissensee-e-v/edit`);
  await page.getByText('Diese Organisation können Sie nicht bearbeiten.').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Speichern' }).count(), 0);
});

test('the representative pages pass the accessibility scan', async () => {
  const page = await representativePage();
  for (const path of ['/my-organisation', '/organisations/bruecke-der-kulturen-e-v/edit']) {
    await page.goto(`${app.server.url}${path}`);
    await page.locator('main h1').first().waitFor();
    await page.locator('main form, main .cards').first().waitFor();
    assert.deepEqual(await axeProblems(page), [], path);
  }
});

test('a representative invites a colleague into their own organisation', async () => {
  const page = await representativePage();
  await page.goto(`${app.server.url}/my-organisation`);
  await page.getByRole('heading', { name: 'Kolleg*in einladen' }).waitFor();
  await page.getByLabel('E-Mail-Adresse').fill('kollegin@bruecke.example.org');
  await page.getByRole('button', { name: 'Einladen' }).click();
  await page.getByRole('status').getByText('kollegin@bruecke.example.org').waitFor();
  const mails = await (await fetch(`${app.server.url}/dev/mail`)).json();
  assert.ok(mails.some((m) => m.to === 'kollegin@bruecke.example.org'));
});

test('a representative adds, edits and deletes an offering', async () => {
  const page = await representativePage();
  await page.goto(`${app.server.url}/organisations/bruecke-der-kulturen-e-v/edit`);
  const adding = page.locator('form').filter({ has: page.getByRole('button', { name: 'Angebot hinzufügen' }) });
  await adding.getByLabel('Titel des Angebots').fill('Nähcafé für Nachbarinnen');
  await adding.getByLabel('Art des Angebots').selectOption('GROUP');
  await adding.getByLabel('Wann (z. B. montags 16–18 Uhr)').fill('Freitags 15–18 Uhr');
  await adding.getByRole('button', { name: 'Angebot hinzufügen' }).click();
  const row = page.getByTestId('offering-row').filter({ hasText: 'Nähcafé für Nachbarinnen' });
  await row.waitFor();

  await row.getByRole('button', { name: 'Bearbeiten' }).click();
  await row.getByLabel('Titel des Angebots').fill('Nähcafé für alle');
  await row.getByRole('button', { name: 'Angebot speichern' }).click();
  await page.getByTestId('offering-row').filter({ hasText: 'Nähcafé für alle' }).waitFor();

  const visitor = await (await app.browser.newContext({ locale: 'de-DE' })).newPage();
  await visitor.goto(`${app.server.url}/organisations/bruecke-der-kulturen-e-v`);
  await visitor.getByRole('heading', { name: 'Nähcafé für alle' }).waitFor();

  const edited = page.getByTestId('offering-row').filter({ hasText: 'Nähcafé für alle' });
  await edited.getByRole('button', { name: 'Löschen' }).click();
  await edited.getByRole('button', { name: 'Ja, löschen' }).click();
  await page.getByTestId('offering-status').getByText('Angebot gelöscht.').waitFor();
  assert.equal(await page.getByTestId('offering-row').filter({ hasText: 'Nähcafé für alle' }).count(), 0);
});

test('a representative chooses topics and languages, and the profile shows them', async () => {
  const page = await representativePage();
  await page.goto(`${app.server.url}/organisations/bruecke-der-kulturen-e-v/edit`);
  const topics = page.getByTestId('org-topics');
  await topics.waitFor();
  const unchecked = topics.locator('label.choice').filter({ has: page.locator('input:not(:checked)') }).first();
  const topic = (await unchecked.textContent()).trim();
  await unchecked.getByRole('checkbox').check();
  const languages = page.getByTestId('org-languages');
  const language = languages.locator('label.choice').filter({ has: page.locator('input:not(:checked)') }).first();
  const languageName = (await language.textContent()).trim().split(' (')[0];
  await language.getByRole('checkbox').check();
  assert.deepEqual(await axeProblems(page), [], 'edit form with choices');
  await page.getByRole('button', { name: 'Speichern' }).click();
  await page.getByTestId('saved').waitFor();

  const visitor = await (await app.browser.newContext({ locale: 'de-DE' })).newPage();
  await visitor.goto(`${app.server.url}/organisations/bruecke-der-kulturen-e-v`);
  await visitor.getByText(topic, { exact: true }).first().waitFor();
  await visitor.getByText(languageName).first().waitFor();
});

test('a representative makes an integration token, sees it once, a program reads with it, and it ends when revoked', async () => {
  const page = await representativePage();
  await page.goto(`${app.server.url}/organisations/bruecke-der-kulturen-e-v/edit`);
  await page.getByTestId('api-tokens').waitFor();
  await page.getByLabel('Name des neuen Tokens (wofür es ist, z. B. Website)').fill('Website des Vereins');
  await page.getByLabel('Umfang', { exact: true }).selectOption('READ_PUBLIC');
  await page.getByLabel('Gültig für', { exact: true }).selectOption('365');
  await page.getByTestId('token-create').click();
  const secret = await page.getByTestId('token-secret').inputValue();
  assert.match(secret, /^mgr_[A-Za-z0-9_-]{43}$/);
  await page.getByTestId('token-list').getByRole('rowheader', { name: 'Website des Vereins' }).waitFor();
  assert.deepEqual(await axeProblems(page), [], 'tokens on the edit page');
  await page.getByTestId('api-tokens').screenshot({ path: '/tmp/migraup-tokens.png' });

  const ask = async (query) => {
    const answer = await fetch(`${app.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify({ query }),
    });
    return answer.json();
  };
  const read = await ask('{ organisations(first: 1) { totalCount } }');
  assert.ok(read.data.organisations.totalCount > 0, JSON.stringify(read));
  const write = await ask('mutation { createTopic(input: { slug: "x", labelDe: "X", labelEn: "X" }) { id } }');
  assert.equal(write.errors[0].extensions.code, 'FORBIDDEN');

  await page.getByRole('button', { name: 'Sperren Website des Vereins' }).click();
  await page.getByTestId('token-list').getByText('gesperrt').waitFor();
  const after = await ask('{ organisations(first: 1) { totalCount } }');
  assert.equal(after.errors[0].extensions.code, 'UNAUTHENTICATED');
});
