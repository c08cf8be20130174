// Future planning and a voice in the browser: a council member opens a coverage gap
// on the network page and proposes a measure for it, two organisations support it,
// the coordination team adopts it and makes it a project with them as partners; a
// representative raises a concern for the administration only, another organisation
// cannot see it (app, API, server page), the administration answers, the
// representative reads the answer and the mail. axe on every new page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, axeProblems, navigate, signIn, useApp } from './helpers.mjs';

const app = useApp();

async function as(account) {
  const page = await (await app.browser.newContext({ locale: 'de-DE' })).newPage();
  await signIn(page, app.server.url, account);
  return page;
}

const day = (days) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const TITLE = 'Nachbarschaftstreff für Neuangekommene';

test('a gap becomes a measure and a project with its supporters', async () => {
  const council = await as(DEMO.COUNCIL);
  await navigate(council, 'Netzwerk');
  const gap = council.getByTestId('gap').locator('a').first();
  await gap.waitFor();
  await gap.click();
  await council.getByTestId('gap-notice').waitFor();
  assert.deepEqual(await axeProblems(council), [], 'idea form');
  await council.getByLabel('Titel').fill(TITLE);
  await council.getByLabel('Beschreibung').fill('Ein offener Treff am Nachmittag, mit Sprachmittlung.');
  await council.getByRole('button', { name: 'Vorschlagen' }).click();
  await council.getByRole('heading', { name: TITLE }).waitFor();
  const url = council.url();
  assert.match(await council.locator('main').innerText(), /Antwort auf die Lücke/);
  assert.deepEqual(await axeProblems(council), [], 'idea page');

  for (const [account, offer] of [[DEMO.MO_REPRESENTATIVE, 'Räume dienstags'], [DEMO.MO_REPRESENTATIVE_2, 'Arabisch und Kurdisch']]) {
    const rep = await as(account);
    await rep.goto(url);
    await rep.getByLabel('Was Ihre Organisation beitragen könnte (freiwillig)').fill(offer);
    await rep.getByRole('button', { name: 'Unterstützen', exact: true }).click();
    await rep.getByTestId('supporters').getByText(offer, { exact: false }).waitFor();
    await rep.close();
  }

  const team = await as(DEMO.ADMIN);
  await team.goto(url);
  await team.getByLabel('Nächster Schritt').selectOption('ADOPTED');
  await team.getByLabel('Verantwortliche Organisation').selectOption({ label: 'Brücke der Kulturen e.V.' });
  await team.getByLabel('Fällig am').fill(day(90));
  await team.getByRole('button', { name: 'Schritt speichern' }).click();
  await team.getByTestId('idea-status').filter({ hasText: 'Als Maßnahme beschlossen' }).waitFor();
  await team.getByTestId('idea-to-project').click();
  await team.waitForURL(/\/projects\//);
  await team.getByRole('heading', { name: TITLE }).waitFor();
  await team.getByText('Syrisches Haus Weißensee e.V.').first().waitFor();

  // The idea's timeline shows every step; the council's board counts it.
  await council.goto(url);
  const steps = await council.getByTestId('timeline').innerText();
  for (const s of ['Vorgeschlagen', 'Als Maßnahme beschlossen', 'In Umsetzung']) assert.ok(steps.includes(s), steps);
  await navigate(council, 'Ideen');
  await council.getByTestId('idea-card').filter({ hasText: TITLE }).waitFor();
  assert.deepEqual(await axeProblems(council), [], 'ideas list');
  await navigate(council, 'Beirat');
  await council.getByTestId('board-quarters').waitFor();
  assert.match(await council.getByTestId('board-gaps-summary').innerText(), /von \d+ Lücken/);
  assert.deepEqual(await axeProblems(council), [], 'council board');
});

test('a concern for the administration only, answered', async () => {
  const rep = await as(DEMO.MO_REPRESENTATIVE);
  await navigate(rep, 'Anliegen');
  await rep.getByTestId('concern-card').first().waitFor();
  assert.deepEqual(await axeProblems(rep), [], 'concerns list');
  await rep.getByRole('link', { name: 'Anliegen einreichen' }).click();
  await rep.getByLabel('Betreff').fill('Vertrauliche Beratung im Jobcenter');
  await rep.getByLabel('Anliegen', { exact: true }).fill('Mitglieder berichten von Problemen bei Terminen und bitten um ein Gespräch.');
  await rep.getByLabel('Wer es lesen darf').selectOption('ADMINISTRATION');
  assert.deepEqual(await axeProblems(rep), [], 'concern form');
  await rep.getByRole('button', { name: 'Einreichen' }).click();
  await rep.getByRole('heading', { name: 'Vertrauliche Beratung im Jobcenter' }).waitFor();
  const url = rep.url();
  assert.deepEqual(await axeProblems(rep), [], 'concern page');

  // The other organisation's representative sees it nowhere; a visitor neither.
  const other = await as(DEMO.MO_REPRESENTATIVE_2);
  await other.goto(url);
  await other.getByText('Dieses Anliegen gibt es nicht', { exact: false }).waitFor();
  await other.goto(`${app.server.url}/concerns`);
  await other.getByTestId('concern-card').first().waitFor();
  assert.ok(!(await other.locator('main').innerText()).includes('Vertrauliche Beratung'));
  const visitor = await (await app.browser.newContext({ javaScriptEnabled: false })).newPage();
  const response = await visitor.goto(url);
  assert.equal(response.status(), 404);

  // The administration answers; the representative reads it and gets the mail.
  const staff = await as(DEMO.ADMINISTRATION);
  await staff.goto(url);
  await staff.getByRole('textbox', { name: 'Antwort' }).fill('Wir laden Sie im Januar zu einem vertraulichen Gespräch ein.');
  await staff.getByRole('button', { name: 'Antworten' }).click();
  await staff.getByTestId('concern-status').filter({ hasText: 'Beantwortet' }).waitFor();
  await rep.reload();
  await rep.getByText('Wir laden Sie im Januar zu einem vertraulichen Gespräch ein.').waitFor();
  const mails = await (await fetch(`${app.server.url}/dev/mail`)).json();
  assert.ok(mails.some((m) => m.to === DEMO.MO_REPRESENTATIVE[0] && m.body.includes('vertraulichen Gespräch')), 'the answer is mailed');
});
