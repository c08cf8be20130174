// Public sign-up for public events: a visitor without an account signs up on the
// event page, confirms by the mailed link, is counted, and gives the place back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axeProblems, linkFromMail, useApp } from './helpers.mjs';

const app = useApp();

test('a visitor signs up for a public event, confirms by link, is counted and cancels', async () => {
  const visitor = await (await app.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'de-DE' })).newPage();
  await visitor.goto(`${app.server.url}/events`);
  await visitor.getByTestId('event-card').filter({ hasText: 'Sprachcafé Arabisch–Deutsch' }).getByRole('link').first().click();
  const seats = visitor.getByTestId('event-seats');
  await seats.waitFor();
  const taken = Number(/(\d+) von 12 belegt/.exec(await seats.textContent())[1]);
  // The public page shows no internal state.
  assert.equal(await visitor.getByTestId('event-status').count(), 0);
  assert.doesNotMatch(await visitor.getByTestId('organisers').textContent(), /zugesagt/);

  await visitor.getByLabel('Ihr Name').fill('Layla Nouri');
  await visitor.getByLabel('E-Mail-Adresse').fill('layla@example.org');
  await visitor.getByRole('button', { name: 'Zur Teilnahme anmelden' }).click();
  await visitor.getByTestId('guest-sent').getByText(/Fast geschafft/).waitFor();
  assert.deepEqual(await axeProblems(visitor), [], 'event page with the sign-up form');
  // Not yet confirmed: no seat taken.
  await visitor.reload();
  await visitor.getByTestId('event-seats').getByText(`${taken} von 12 belegt`).waitFor();

  const link = await linkFromMail(app.server.url, 'layla@example.org', 'event-sign-up');
  await visitor.goto(link);
  await visitor.getByRole('button', { name: 'Anmeldung bestätigen' }).click();
  await visitor.getByTestId('sign-up-state').getByText('Sie sind angemeldet.').waitFor();
  assert.deepEqual(await axeProblems(visitor), [], 'sign-up page');
  await visitor.getByRole('link', { name: 'Sprachcafé Arabisch–Deutsch' }).click();
  await visitor.getByTestId('event-seats').getByText(`${taken + 1} von 12 belegt`).waitFor();

  await visitor.goto(link);
  await visitor.getByRole('button', { name: 'Anmeldung bestätigen' }).click();
  await visitor.getByRole('button', { name: 'Abmelden und Platz freigeben' }).click();
  await visitor.getByTestId('sign-up-state').getByText(/abgemeldet/).waitFor();
  await visitor.getByRole('link', { name: 'Sprachcafé Arabisch–Deutsch' }).click();
  await visitor.getByTestId('event-seats').getByText(`${taken} von 12 belegt`).waitFor();
});
