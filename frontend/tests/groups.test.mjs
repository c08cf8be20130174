// Working groups (Fachnetzwerke) in the browser: a coordinator founds a group on
// multilingualism, invites two organisations, both confirm in their inbox, a meeting
// is planned and published, minutes with an agreed action for one organisation are
// published, its representative marks the action done from the start page; an
// Arabic-speaking member reads the group right to left; visitors read the public
// group page without JavaScript. axe on every new page.
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
const NAME = 'Netzwerk Sprachen im Kiez';

async function accept(account) {
  const page = await as(account);
  await page.goto(`${app.server.url}/inbox`);
  const item = page.getByTestId('request-to-decide').filter({ hasText: NAME });
  await item.getByRole('button', { name: 'Annehmen' }).click();
  await item.waitFor({ state: 'detached' });
  return page;
}

test('a working group from founding to a done action, read in Arabic and without JavaScript', async () => {
  const coordinator = await as(DEMO.ADMINISTRATION);
  await navigate(coordinator, 'Fachnetzwerke');
  await coordinator.getByTestId('group-card').first().waitFor();
  assert.deepEqual(await axeProblems(coordinator), [], 'groups list');
  await coordinator.getByRole('link', { name: 'Fachnetzwerk gründen' }).click();
  await coordinator.getByLabel('Name').fill(NAME);
  await coordinator.getByLabel('Worum es geht').fill('Mehrsprachige Elternarbeit in Pankow.');
  await coordinator.getByTestId('group-topics').getByLabel('Mehrsprachigkeit').check();
  assert.deepEqual(await axeProblems(coordinator), [], 'group form');
  await coordinator.getByRole('button', { name: 'Gründen' }).click();
  await coordinator.getByRole('heading', { name: NAME }).waitFor();
  const url = coordinator.url();

  for (const [search, name] of [['Brücke', 'Brücke der Kulturen e.V.'], ['Syrisches', 'Syrisches Haus Weißensee e.V.']]) {
    await coordinator.getByLabel('Organisation suchen und einladen').fill(search);
    await coordinator.getByRole('button', { name: `${name} hinzufügen` }).click();
    await coordinator.getByText('Einladung gesendet.', { exact: false }).waitFor();
  }
  assert.deepEqual(await axeProblems(coordinator), [], 'group page of its coordinator');
  await accept(DEMO.MO_REPRESENTATIVE);
  const second = await accept(DEMO.MO_REPRESENTATIVE_2);
  await second.close();

  await coordinator.reload();
  const members = coordinator.getByTestId('group-members');
  await members.getByRole('link', { name: 'Brücke der Kulturen e.V.' }).waitFor();
  await members.getByRole('link', { name: 'Syrisches Haus Weißensee e.V.' }).waitFor();

  // A meeting with an agenda, published: the members are invited.
  await coordinator.getByText('Treffen planen').click();
  await coordinator.locator('#meeting-title').fill('Erstes Treffen');
  await coordinator.locator('#meeting-starts').fill(`${day(7)}T17:00`);
  await coordinator.locator('#meeting-ends').fill(`${day(7)}T19:00`);
  await coordinator.locator('#meeting-venue').fill('Rathaus Pankow');
  await coordinator.locator('#meeting-agenda').fill('1. Elternbriefe\n2. Dolmetschpool');
  await coordinator.getByRole('button', { name: 'Als Entwurf planen' }).click();
  const meeting = coordinator.getByTestId('meeting').filter({ hasText: 'Erstes Treffen' });
  await meeting.getByRole('button', { name: 'Treffen veröffentlichen und Mitglieder einladen' }).click();
  await meeting.getByRole('button', { name: 'Treffen veröffentlichen und Mitglieder einladen' }).waitFor({ state: 'detached' });
  const eventPath = await meeting.getByRole('link', { name: 'Erstes Treffen' }).getAttribute('href');

  // Minutes with script stay text; an action for the first organisation; then publish.
  await meeting.getByText('Tagesordnung, Protokoll, Vereinbarungen').click();
  await meeting.locator('textarea[id^="minutes-"]').fill('**Beschlossen:** Elternbriefe in vier Sprachen. <script>alert(1)</script>');
  await meeting.getByRole('button', { name: 'Tagesordnung und Protokoll speichern' }).click();
  await meeting.getByText('Gespeichert.').waitFor();
  await meeting.locator('input[id^="action-title-"]').fill('Mehrsprachige Elternbriefe schreiben');
  await meeting.locator('select[id^="action-owner-"]').selectOption({ label: 'Brücke der Kulturen e.V.' });
  await meeting.locator('input[id^="action-due-"]').fill(day(10));
  await meeting.getByRole('button', { name: 'Vereinbarung festhalten' }).click();
  await coordinator.getByTestId('group-actions').getByText('Mehrsprachige Elternbriefe schreiben').waitFor();
  // The editor folds again when the page reloads its data; open it whatever it is now.
  await meeting.locator('details.editor').evaluate((d) => { d.open = true; });
  await meeting.getByRole('button', { name: 'Protokoll veröffentlichen und Mitglieder benachrichtigen' }).click();
  await meeting.getByRole('button', { name: 'Protokoll veröffentlichen und Mitglieder benachrichtigen' }).waitFor({ state: 'detached' });
  const minutes = meeting.getByTestId('minutes');
  assert.match(await minutes.innerText(), /Elternbriefe in vier Sprachen/);
  assert.equal(await minutes.locator('script').count(), 0, 'script in minutes is shown as text');
  assert.deepEqual(await axeProblems(coordinator), [], 'group page with minutes and actions');

  // The representative of the organisation sees it on their start page and marks it done.
  const representative = await as(DEMO.MO_REPRESENTATIVE);
  await representative.goto(`${app.server.url}/`);
  const mine = representative.getByTestId('my-action').filter({ hasText: 'Mehrsprachige Elternbriefe schreiben' });
  await mine.waitFor();
  assert.deepEqual(await axeProblems(representative), [], 'start page with open actions');
  await mine.getByRole('button', { name: 'Erledigt' }).click();
  await mine.waitFor({ state: 'detached' });
  await representative.goto(url);
  const action = representative.getByTestId('action').filter({ hasText: 'Mehrsprachige Elternbriefe schreiben' });
  assert.equal(await action.getByTestId('action-status').innerText(), 'erledigt');
  // The meeting's event page leads back to its group.
  await representative.goto(`${app.server.url}${eventPath}`);
  await representative.getByTestId('meeting-of').getByRole('link', { name: `Treffen des Fachnetzwerks ${NAME}` }).waitFor();

  // An Arabic-speaking member reads the group right to left.
  const arabic = await as(DEMO.MO_REPRESENTATIVE_2);
  await arabic.context().addCookies([{ name: 'migraup_lang', value: 'ar', url: app.server.url }]);
  await arabic.goto(url);
  await arabic.getByRole('heading', { name: NAME }).waitFor();
  assert.equal(await arabic.evaluate(() => document.documentElement.dir), 'rtl');
  assert.equal(await arabic.evaluate(() => document.documentElement.lang), 'ar');
  assert.deepEqual(await axeProblems(arabic), [], 'group page in Arabic');
  // A group described in Arabic too is read in Arabic, right to left.
  await arabic.goto(`${app.server.url}/groups/fachnetzwerk-mehrsprachigkeit`);
  const described = arabic.locator('p.description[lang="ar"]');
  await described.waitFor();
  assert.equal(await described.getAttribute('dir'), 'rtl');

  // Visitors without JavaScript read the public group: members, minutes, no people.
  const visitor = await (await app.browser.newContext({ locale: 'de-DE', javaScriptEnabled: false })).newPage();
  await visitor.goto(url);
  await visitor.getByRole('heading', { name: NAME, level: 1 }).waitFor();
  await visitor.getByTestId('group-members').getByRole('link', { name: 'Syrisches Haus Weißensee e.V.' }).waitFor();
  const json = await visitor.locator('script[type="application/ld+json"]').textContent();
  const data = JSON.parse(json);
  assert.equal(data['@type'], 'Organization');
  assert.ok(data.member.every((m) => m.memberOf['@id'] === data['@id']), json);
  assert.equal(data.event[0]['@type'], 'Event');
  assert.match(await visitor.getByTestId('minutes').innerText(), /Elternbriefe in vier Sprachen/);
  const sitemap = await (await fetch(`${app.server.url}/sitemap.xml`)).text();
  assert.ok(sitemap.includes(new URL(url).pathname), 'the group is in the sitemap');
  // The members-only demo group is not there for visitors.
  const hidden = await fetch(`${app.server.url}/groups/fachnetzwerk-antidiskriminierung`);
  assert.equal(hidden.status, 404);
});
