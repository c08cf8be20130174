// The network page: a council member sees the graph and the gaps, filters by a
// topic, and downloads the metrics as CSV; a representative sees their neighbourhood.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DEMO, axeProblems, signIn, useApp } from './helpers.mjs';

const app = useApp();

async function as(account) {
  const page = await (await app.browser.newContext({ locale: 'de-DE', acceptDownloads: true })).newPage();
  await signIn(page, app.server.url, account);
  return page;
}

test('a council member reads the network, filters by a topic and downloads the CSV', async () => {
  const page = await as(DEMO.COUNCIL);
  await page.getByRole('navigation').getByRole('link', { name: 'Netzwerk', exact: true }).click();
  await page.getByRole('heading', { name: 'Das Netzwerk', level: 1 }).waitFor();
  const graph = page.getByTestId('network-graph');
  await graph.waitFor();
  const dots = await graph.getByTestId('graph-node').count();
  assert.ok(dots >= 30, `the graph shows the demo organisations (${dots})`);
  const organisations = Number(await page.getByTestId('figure-organisations').textContent());
  const isolates = Number(await page.getByTestId('figure-isolates').textContent());
  assert.equal(dots, organisations - isolates, 'one dot per organisation with ties; isolates are listed');
  assert.ok(Number(await page.getByTestId('figure-ties').textContent()) > 20);
  assert.ok(Number(await page.getByTestId('figure-bridges').textContent()) > 0, 'the demo network has bridges');
  // Numbers in the reader's language: a German decimal comma; the density in per cent.
  assert.match(await page.getByTestId('figure-density').textContent(), /^\d+(,\d+)?\s%$/);
  // Gaps are marked in the heat map and listed in words.
  assert.ok((await page.getByTestId('gap').count()) > 0);
  assert.notEqual((await page.getByTestId('gap-list').textContent()).trim(), 'keine');
  // The table sorts by a column.
  await page.getByTestId('metrics').getByRole('button', { name: 'Organisation' }).click();
  const first = await page.getByTestId('metrics').locator('tbody tr').first().locator('td').first().textContent();
  const names = await page.getByTestId('metrics').locator('tbody tr td:first-child').allTextContents();
  assert.equal(first, [...names].sort((a, b) => a.localeCompare(b, 'de'))[0]);
  // Zoom changes the visible part; the keyboard pans.
  const before = await graph.getAttribute('viewBox');
  await page.getByRole('button', { name: 'Vergrößern' }).click();
  assert.notEqual(await graph.getAttribute('viewBox'), before);
  await graph.focus();
  await page.keyboard.press('ArrowRight');
  assert.deepEqual(await axeProblems(page), [], 'network page');

  // Filter by a topic: the URL keeps it, the heat map shows that topic only.
  const topic = page.getByTestId('filter-topic');
  const label = (await topic.locator('option').nth(2).textContent()).trim();
  await topic.selectOption({ label });
  await page.waitForURL(/topic=/);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=coverage] tbody tr').length === 1);
  await page.getByTestId('coverage').getByRole('rowheader', { name: label }).waitFor();
  const filtered = Number(await page.getByTestId('figure-organisations').textContent());
  assert.ok(filtered < organisations, `fewer organisations work on ${label} (${filtered} of ${organisations})`);
  await page.reload();
  await page.getByTestId('coverage').getByRole('rowheader', { name: label }).waitFor();

  // The metrics download holds a header and one row per organisation shown.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('metrics-csv').click()]);
  const csv = readFileSync(await download.path(), 'utf8').trim().split('\n');
  assert.match(csv[0], /^Organisation,Art,Ortsteil,Grad/);
  assert.equal(csv.length, filtered + 1);
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-xlsx').click()]);
  assert.equal(readFileSync(await xlsx.path()).subarray(0, 2).toString(), 'PK', 'the report is a workbook');
});

test('a representative sees their organisation and its neighbours only', async () => {
  const page = await as(DEMO.MO_REPRESENTATIVE);
  await page.getByRole('navigation').getByRole('link', { name: 'Netzwerk', exact: true }).click();
  const graph = page.getByTestId('network-graph');
  await graph.waitFor();
  const dots = await graph.getByTestId('graph-node').count();
  assert.ok(dots >= 2 && dots < 10, `a neighbourhood, not the whole network (${dots})`);
  // The coordination team's list of least complete profiles is not shown here.
  assert.equal(await page.getByTestId('completeness').count(), 0);
});

test('a representative confirms a proposed relation and proposes one', async () => {
  const page = await as(DEMO.MO_REPRESENTATIVE);
  await page.goto(`${app.server.url}/organisations/bruecke-der-kulturen-e-v`);
  const relations = page.getByTestId('relations');
  const waiting = relations.getByTestId('relation').filter({ hasText: 'Syrisches Haus Weißensee e.V.' }).filter({ hasText: 'Gemeinsame Räume' });
  await waiting.getByText('vorgeschlagen').waitFor();
  await waiting.getByRole('button', { name: 'Bestätigen' }).click();
  await waiting.getByText('bestätigt').waitFor();
  assert.deepEqual(await axeProblems(page), [], 'relations on the organisation page');
  // A new proposal waits for the other side.
  await relations.getByLabel('Art der Beziehung').selectOption('FUNDING');
  await relations.getByLabel('Organisation suchen und einladen').fill('Syrisches');
  await relations.getByRole('button', { name: 'Syrisches Haus Weißensee e.V. hinzufügen' }).click();
  await relations.getByTestId('relation').filter({ hasText: 'Förderung' }).getByText('vorgeschlagen').waitFor();
  // Anonymous visitors see no relations at all.
  const visitor = await (await app.browser.newContext({ locale: 'de-DE' })).newPage();
  await visitor.goto(`${app.server.url}/organisations/bruecke-der-kulturen-e-v`);
  await visitor.getByTestId('organisation-profile').waitFor();
  assert.equal(await visitor.getByTestId('relations').count(), 0);
});

test('screenshots of the network page', { skip: !process.env.MIGRAUP_SCREENSHOT_DIR }, async () => {
  const dir = process.env.MIGRAUP_SCREENSHOT_DIR;
  for (const [name, viewport] of [['phone', { width: 360, height: 780 }], ['desktop', { width: 1280, height: 1000 }]]) {
    const page = await (await app.browser.newContext({ locale: 'de-DE', viewport })).newPage();
    await signIn(page, app.server.url, DEMO.COUNCIL);
    await page.goto(`${app.server.url}/network`);
    await page.getByTestId('network-graph').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${dir}/network-${name}.png` });
    await page.context().close();
  }
});
