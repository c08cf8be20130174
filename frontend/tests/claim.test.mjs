// A profile nobody looks after is taken over by a person who works there: from the
// public page ("This is my organisation") without an account, through the e-mail
// confirmation and the coordination team's inbox, to editing the profile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, axeProblems, linkFromMail, signIn, useApp } from './helpers.mjs';

const app = useApp();
const SLUG = 'ukrainische-nachbarschaft-pankow';
const NAME = 'Ukrainische Nachbarschaft Pankow';

async function newPage() {
  return (await app.browser.newContext({ locale: 'de-DE' })).newPage();
}

test('a new person claims a profile, the coordination team approves, the person edits it', async () => {
  const person = await newPage();
  await person.goto(`${app.server.url}/organisations/${SLUG}`);
  // The server's page offers it too, before the app runs.
  const html = await (await fetch(`${app.server.url}/organisations/${SLUG}`)).text();
  assert.match(html, /Das ist meine Organisation/);
  await person.getByTestId('claim-link').click();
  await person.getByLabel('Nachricht: wer Sie sind und was Sie dort tun').waitFor();
  assert.deepEqual(await axeProblems(person), [], 'claim form');
  await person.getByLabel('Nachricht: wer Sie sind und was Sie dort tun').fill('Ich leite die Beratung der Nachbarschaft.');
  await person.getByLabel('E-Mail-Adresse bei der Organisation (freiwillig)').fill('olha@nachbarschaft-pankow.de');
  await person.getByLabel('Ihr Name').fill('Olha Kovalenko');
  await person.getByLabel('E-Mail-Adresse', { exact: true }).fill('olha@beispiel.de');
  await person.getByLabel('Neues Passwort (mindestens 12 Zeichen)').fill('Garten an der Panke');
  await person.getByRole('button', { name: 'Übernahme anfragen' }).click();
  await person.getByTestId('request-sent').getByText('bestätigen Sie Ihre E-Mail-Adresse').waitFor();

  await person.goto(await linkFromMail(app.server.url, 'olha@beispiel.de', 'confirm-email'));
  await person.getByTestId('confirmed').waitFor();

  const admin = await newPage();
  await signIn(admin, app.server.url, DEMO.ADMIN);
  await admin.goto(`${app.server.url}/inbox`);
  const request = admin.getByTestId('request-to-decide').filter({ hasText: NAME });
  await request.waitFor();
  const text = await request.textContent();
  assert.match(text, /olha@nachbarschaft-pankow\.de/);
  assert.match(text, /Ich leite die Beratung/);
  assert.deepEqual(await axeProblems(admin), [], 'inbox');
  await request.getByRole('button', { name: 'Annehmen' }).click();
  await admin.getByText('Keine.').first().waitFor();

  // The person now looks after the profile.
  await person.goto(`${app.server.url}/inbox`);
  await person.getByTestId('my-request').filter({ hasText: NAME }).getByText('Angenommen').waitFor();
  await person.goto(`${app.server.url}/organisations/${SLUG}/edit`);
  await person.locator('#org-description').fill('Beratung, Deutschkurse und Treffen für Familien aus der Ukraine in Pankow.');
  await person.getByRole('button', { name: 'Speichern', exact: true }).click();
  await person.getByTestId('saved').waitFor();
  await person.goto(`${app.server.url}/my-organisation`);
  const upkeep = person.getByTestId('upkeep');
  await upkeep.waitFor();
  assert.equal(await upkeep.getByTestId('freshness').getAttribute('data-freshness'), 'CURRENT');
  assert.ok((await upkeep.getByTestId('missing').locator('li').count()) > 0, 'completeness guidance lists what is missing');
});
