// The API as an outside developer meets it: the committed SDL passes
// graphql-schema-linter's description and Relay rules, the development server answers
// the introspection query of graphql-js (what GraphiQL and Apollo's tools send) with
// the same schema it serves at /schema.graphql, and the /api page is accessible.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { buildClientSchema, buildSchema, getIntrospectionQuery, printSchema } from 'graphql';
import { DEMO, axeProblems, signIn, useApp } from './helpers.mjs';

// Every rule but the sorting ones: descriptions everywhere, Relay connections and
// page info, naming.
const RULES = [
  'arguments-have-descriptions',
  'defined-types-are-used',
  'deprecations-have-a-reason',
  'descriptions-are-capitalized',
  'enum-values-all-caps',
  'enum-values-have-descriptions',
  'fields-are-camel-cased',
  'fields-have-descriptions',
  'input-object-values-are-camel-cased',
  'input-object-values-have-descriptions',
  'relay-connection-types-spec',
  'relay-connection-arguments-spec',
  'relay-page-info-spec',
  'types-are-capitalized',
  'types-have-descriptions',
];

test('every type, field, argument and enum value of the schema is described, connections follow Relay', () => {
  const schema = new URL('../../crates/api/schema.graphql', import.meta.url).pathname;
  const linter = new URL('../node_modules/.bin/graphql-schema-linter', import.meta.url).pathname;
  let out = '';
  try {
    out = execFileSync(linter, ['--rules', RULES.join(','), '--format', 'compact', schema], { encoding: 'utf8' });
  } catch (e) {
    assert.fail(`graphql-schema-linter found problems:\n${e.stdout}${e.stderr}`);
  }
  assert.equal(out.trim(), '', out);
});

const app = useApp();

test('the introspection query of GraphiQL and Apollo is answered in development, equal to the served SDL', async () => {
  const query = getIntrospectionQuery({
    descriptions: true,
    specifiedByUrl: true,
    directiveIsRepeatable: true,
    schemaDescription: true,
    inputValueDeprecation: true,
  });
  const response = await fetch(`${app.server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, operationName: 'IntrospectionQuery' }),
  });
  const answer = await response.json();
  assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
  const introspected = buildClientSchema(answer.data);
  const served = buildSchema(await (await fetch(`${app.server.url}/schema.graphql`)).text());
  // async-graphql adds a description of the schema itself and the RFC 3339 link of
  // DateTime to introspection only; everything else is the same.
  const same = (schema) =>
    printSchema(schema).replace(/^"""[\s\S]*?"""\nschema \{[\s\S]*?\}\n\n/, '').replace(/ @specifiedBy\(url: "[^"]*"\)/g, '');
  assert.equal(same(introspected), same(served));
  assert.match(introspected.getType('Organisation').description, /\w/);
});

test('the API page shows the examples, limits and error codes, and is accessible', async () => {
  // Pages without the app: the frame's `goto` (the page's waits for the app).
  const context = await app.browser.newContext({ locale: 'de-DE' });
  try {
    const page = await context.newPage();
    await page.mainFrame().goto(`${app.server.url}/api`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    assert.equal(await page.locator('pre code').count(), 4);
    assert.equal(await page.getByTestId('error-codes').locator('tbody tr').count(), 8);
    assert.match(await page.getByTestId('limits').textContent(), /1\.000\.000/);
    assert.deepEqual(await axeProblems(page), [], '/api');
    // Linked from the footer and from /open-data.
    await page.mainFrame().goto(`${app.server.url}/open-data`);
    await page.locator('main').getByRole('link', { name: 'API' }).click();
    await page.waitForURL(/\/api$/);
  } finally {
    await context.close();
  }
});

test("an organisation's card and events show inside an iframe of another website; other pages refuse to be framed", async () => {
  const { createServer } = await import('node:http');
  // An organisation with an upcoming public event, from the demo network.
  const query = '{ events(first: 50, filter: { from: "2026-01-01T00:00:00Z" }) { edges { node { title organisers { organisation { slug } } } } } }';
  const answer = await (await fetch(`${app.server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })).json();
  const event = answer.data.events.edges.map((e) => e.node).find((e) => e.organisers.length > 0 && e.organisers[0].organisation);
  const slug = event.organisers[0].organisation.slug;
  const site = createServer((_, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="ar"><title>Website</title>
      <iframe id="card" title="migraup" src="${app.server.url}/embed/organisations/${slug}?lang=ar"></iframe>
      <iframe id="app" title="app" src="${app.server.url}/organisations"></iframe>`);
  });
  await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
  const context = await app.browser.newContext({ locale: 'de-DE' });
  try {
    const page = await context.newPage();
    await page.mainFrame().goto(`http://127.0.0.1:${site.address().port}/`);
    const card = page.frameLocator('#card');
    await card.getByTestId('embed-organisation').waitFor();
    assert.equal(await card.locator('html').getAttribute('dir'), 'rtl');
    await card.getByRole('link', { name: event.title }).waitFor();
    // The directory is not framed: the browser shows its error page in that frame.
    const appFrame = await (await page.locator('#app').elementHandle()).contentFrame();
    for (let i = 0; i < 100 && ['', 'about:blank'].includes(appFrame.url()); i++) await page.waitForTimeout(100);
    assert.match(appFrame.url(), /^chrome-error:/, `the directory refused to be framed (${appFrame.url()})`);
    // The embed itself is accessible on its own.
    const embed = await context.newPage();
    await embed.mainFrame().goto(`${app.server.url}/embed/organisations/${slug}?lang=de`);
    assert.deepEqual(await axeProblems(embed), [], 'the embed');
    await embed.mainFrame().goto(`${app.server.url}/embed/events`);
    await embed.getByTestId('embed-events').waitFor();
    assert.deepEqual(await axeProblems(embed), [], 'the events embed');
  } finally {
    await context.close();
    site.close();
  }
});

test('a person makes a private calendar address on their account page and a calendar app reads it', async () => {
  const page = await (await app.browser.newContext({ locale: 'de-DE' })).newPage();
  await signIn(page, app.server.url, DEMO.MO_REPRESENTATIVE);
  await page.goto(`${app.server.url}/account`);
  const section = page.getByTestId('calendar-feed');
  await section.getByRole('button', { name: 'Kalender-Adresse erstellen' }).click();
  const address = await section.getByLabel('Ihre Kalender-Adresse').inputValue();
  assert.match(address, /\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
  const feed = await fetch(`${app.server.url}${new URL(address).pathname}`);
  assert.equal(feed.status, 200);
  assert.match(await feed.text(), /^BEGIN:VCALENDAR/);
  assert.deepEqual(await axeProblems(page), [], 'account page with the calendar address');
  // Blocked: the address answers 404.
  await section.getByRole('button', { name: 'Adresse sperren' }).click();
  await section.getByText('Sie haben noch keine Kalender-Adresse.').waitFor();
  assert.equal((await fetch(`${app.server.url}${new URL(address).pathname}`)).status, 404);
});
