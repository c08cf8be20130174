// Shared projects in the browser: a representative starts one with a partner, the
// partner's representative confirms, and the public list and the lead's profile show it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, axeProblems, signIn, useApp } from './helpers.mjs';

const app = useApp();

async function as(account) {
  const page = await (await app.browser.newContext({ locale: 'de-DE' })).newPage();
  await signIn(page, app.server.url, account);
  return page;
}

test('a project is started with a partner, who confirms; the public sees it', async () => {
  const lead = await as(DEMO.MO_REPRESENTATIVE);
  await lead.getByRole('navigation').getByRole('link', { name: 'Projekte' }).click();
  await lead.getByTestId('project-card').first().waitFor();
  assert.deepEqual(await axeProblems(lead), [], 'projects list');
  await lead.getByRole('link', { name: 'Projekt anlegen' }).click();
  await lead.getByLabel('Titel').fill('Interkulturelle Nachbarschaftsgärten');
  await lead.getByLabel('Beginn').fill('2027-03-01');
  await lead.getByLabel('Ende').fill('2027-10-31');
  await lead.getByLabel('Förderung').fill('Bezirkliches Stadtteilbudget');
  await lead.getByLabel('Organisation suchen und einladen').fill('Syrisches');
  await lead.getByRole('button', { name: 'Syrisches Haus Weißensee e.V. hinzufügen' }).click();
  await lead.getByTestId('chosen-partner').waitFor();
  assert.deepEqual(await axeProblems(lead), [], 'project form');
  await lead.getByRole('button', { name: 'Projekt anlegen' }).click();
  await lead.getByRole('heading', { name: 'Interkulturelle Nachbarschaftsgärten' }).waitFor();
  const url = lead.url();
  await lead.getByTestId('partners').getByText('eingeladen').waitFor();
  assert.deepEqual(await axeProblems(lead), [], 'project page');

  const partner = await as(DEMO.MO_REPRESENTATIVE_2);
  await partner.goto(url);
  await partner.getByTestId('partners').getByRole('button', { name: 'Zusagen' }).click();
  await partner.getByTestId('partners').getByText('hat zugesagt').waitFor();

  const visitor = await (await app.browser.newContext({ locale: 'de-DE' })).newPage();
  await visitor.goto(`${app.server.url}/projects`);
  await visitor.getByRole('link', { name: 'Interkulturelle Nachbarschaftsgärten' }).waitFor();
  await visitor.goto(`${app.server.url}/organisations/bruecke-der-kulturen-e-v`);
  await visitor.getByRole('link', { name: 'Interkulturelle Nachbarschaftsgärten' }).waitFor();
});
