// Joint planning in the browser: the district administration plans an event with two
// migrant organisations, both representatives confirm, it is published, one
// multiplier takes the last seat, a second waits and moves up when the first cancels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, axeProblems, signIn, useApp } from './helpers.mjs';

const app = useApp();

async function as(account) {
  const page = await (await app.browser.newContext({ locale: 'de-DE' })).newPage();
  await signIn(page, app.server.url, account);
  return page;
}

async function addOrganiser(page, name) {
  await page.getByLabel('Organisation suchen und einladen').fill(name.slice(0, 8));
  await page.getByRole('button', { name: `${name} hinzufügen` }).click();
  await page.getByTestId('chosen-organiser').filter({ hasText: name }).waitFor();
}

test('a joint event is planned, confirmed, published, and its waitlist moves up', async () => {
  const staff = await as(DEMO.ADMINISTRATION);
  await staff.getByRole('navigation').getByRole('link', { name: 'Veranstaltungen' }).click();
  await staff.getByTestId('event-card').first().waitFor();
  assert.deepEqual(await axeProblems(staff), [], 'events list');
  await staff.getByRole('link', { name: 'Veranstaltung planen' }).click();
  await staff.getByLabel('Titel').fill('Willkommensfrühstück im Kiez');
  await staff.getByLabel('Beginn').fill('2027-02-06T10:00');
  await staff.getByLabel('Ende').fill('2027-02-06T12:30');
  await staff.getByLabel('Ort (Name)').fill('Nachbarschaftshaus am Teich');
  await staff.getByLabel('Plätze (leer lassen: unbegrenzt)').fill('1');
  await addOrganiser(staff, 'Brücke der Kulturen e.V.');
  await addOrganiser(staff, 'Syrisches Haus Weißensee e.V.');
  assert.deepEqual(await axeProblems(staff), [], 'event form');
  await staff.getByRole('button', { name: 'Als Entwurf anlegen' }).click();
  await staff.getByTestId('event-status').getByText('Entwurf').waitFor();
  const url = staff.url();
  assert.match(url, /\/events\/[0-9a-f-]{36}$/);
  // Not yet: nobody has confirmed.
  await staff.getByRole('button', { name: 'Veröffentlichen' }).click();
  await staff.getByRole('alert').getByText('alle Mitveranstalter zugesagt').waitFor();

  for (const account of [DEMO.MO_REPRESENTATIVE, DEMO.MO_REPRESENTATIVE_2]) {
    const rep = await as(account);
    await rep.getByRole('navigation').getByRole('link', { name: 'Veranstaltungen' }).click();
    await rep.getByTestId('organiser-inbox').getByRole('link', { name: 'Willkommensfrühstück im Kiez' }).click();
    await rep.getByTestId('organiser-answer').getByRole('button', { name: 'Zusagen' }).click();
    await rep.getByTestId('organiser-answer').waitFor({ state: 'detached' });
  }

  await staff.reload();
  await staff.getByTestId('organisers').getByText('hat zugesagt').nth(1).waitFor();
  assert.equal(await staff.getByTestId('organisers').getByText('eingeladen').count(), 0);
  await staff.getByRole('button', { name: 'Veröffentlichen' }).click();
  await staff.getByTestId('event-status').getByText('veröffentlicht').waitFor();
  assert.deepEqual(await axeProblems(staff), [], 'event page for organisers');

  const first = await as(DEMO.MULTIPLIER);
  await first.goto(url);
  await first.getByRole('button', { name: 'Anmelden', exact: true }).click();
  await first.getByTestId('my-registration').getByText('Sie sind angemeldet.').waitFor();
  assert.deepEqual(await axeProblems(first), [], 'event page');

  const second = await as(DEMO.MULTIPLIER_2);
  await second.goto(url);
  await second.getByRole('button', { name: 'Anmelden', exact: true }).click();
  await second.getByTestId('my-registration').getByText('Warteliste, Platz 1').waitFor();

  await first.getByRole('button', { name: 'Anmeldung zurückziehen' }).click();
  await first.getByRole('button', { name: 'Anmelden', exact: true }).waitFor();
  await second.reload();
  await second.getByTestId('my-registration').getByText('Sie sind angemeldet.').waitFor();

  await staff.reload();
  await staff.getByTestId('registrations').getByText(DEMO.MULTIPLIER_2[0]).waitFor();
  const csv = await staff.getByTestId('registrations-csv').getAttribute('href');
  assert.match(decodeURIComponent(csv), /multiplikator@demo\.migraup\.org,angemeldet/);
});

test('the month calendar shows the events of a month, and filters stay in the URL', async () => {
  const page = await (await app.browser.newContext({ locale: 'de-DE' })).newPage();
  await page.goto(`${app.server.url}/events`);
  await page.getByTestId('event-card').first().waitFor();
  await page.getByRole('button', { name: 'Monat' }).click();
  await page.getByTestId('month-grid').waitFor();
  assert.match(page.url(), /month=\d{4}-\d{2}/);
  assert.deepEqual(await axeProblems(page), [], 'month view');
  await page.getByRole('button', { name: 'Liste' }).click();
  await page.getByTestId('event-list').waitFor();
  await page.getByLabel('Ortsteil').selectOption({ label: 'Weißensee' });
  await page.waitForURL(/district=/);
  await page.reload();
  await page.getByTestId('event-card').first().waitFor();
  assert.ok((await page.getByTestId('event-card').filter({ hasText: 'Weißensee' }).count()) >= 1);
  assert.equal(await page.getByTestId('event-card').filter({ hasText: 'Prenzlauer Berg' }).count(), 0);
});
