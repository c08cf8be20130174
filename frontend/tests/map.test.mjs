// The council's picture: the public map of the Ortsteile (server-drawn, with a table of
// the same figures, a click that filters the directory), and the network report printed
// to PDF by the browser: its page count and what its first page says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO, axeProblems, signIn, useApp } from './helpers.mjs';

const app = useApp();

test('the map shows every Ortsteil with its figures and a click filters the directory', async () => {
  const page = await (await app.browser.newContext({ locale: 'de-DE' })).newPage();
  await page.goto(`${app.server.url}/organisations`);
  await page.getByTestId('show-map').click();
  await page.waitForURL(/\/map/);
  const map = page.getByTestId('region-map');
  assert.equal(await map.locator('path').count(), 13, 'the 13 Ortsteile');
  const rows = page.getByTestId('map-table').locator('tbody tr');
  assert.equal(await rows.count(), 13);
  // The table has the figures written on the map: Pankow's count, under its name.
  const pankow = rows.filter({ has: page.getByRole('rowheader', { name: 'Pankow', exact: true }) });
  const count = (await pankow.locator('td').first().textContent()).trim();
  const label = await map.locator('text', { hasText: /^Pankow/ }).first().textContent();
  assert.ok(label.endsWith(count), `the map says ${label}, the table ${count}`);
  assert.deepEqual(await axeProblems(page), [], 'map page');
  // A click on Pankow opens the directory with its organisations.
  await map.locator('a[aria-label^="Pankow:"]').click();
  await page.waitForURL(/\/organisations\?districts=/);
  await page.getByTestId('result-count').filter({ hasText: new RegExp(`^${count} `) }).waitFor();
});

test('on a phone the map fits the screen', async () => {
  // The map is a server page without the app (nothing to wait for).
  const phone = { locale: 'de-DE', viewport: { width: 390, height: 844 }, isMobile: true, javaScriptEnabled: false };
  const page = await (await app.browser.newContext(phone)).newPage();
  await page.goto(`${app.server.url}/map`);
  await page.getByTestId('region-map').waitFor();
  const { page: width, screen } = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, screen: window.innerWidth }));
  assert.ok(width <= screen, `the page is ${width} px wide on a ${screen} px screen`);
  const box = await page.getByTestId('region-map').locator('svg').boundingBox();
  assert.ok(box.width <= screen && box.width > screen * 0.7, `the map is ${box.width} px wide`);
});

test('the network report prints to A4 with title, date, filters and source on page 1', async () => {
  const page = await (await app.browser.newContext({ locale: 'de-DE' })).newPage();
  await signIn(page, app.server.url, DEMO.COUNCIL);
  await page.goto(`${app.server.url}/network`);
  await page.getByTestId('report-link').click();
  await page.waitForURL(/\/network\/report/);
  await page.getByTestId('report').waitFor();
  await page.getByTestId('report-coverage').locator('tbody tr').first().waitFor();
  await page.getByTestId('change').locator('table, p').first().waitFor();
  assert.deepEqual(await axeProblems(page), [], 'report page');
  await page.emulateMedia({ media: 'print' });
  const dir = mkdtempSync(join(tmpdir(), 'migraup-report-'));
  try {
    const file = join(dir, 'bericht.pdf');
    writeFileSync(file, await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true }));
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))[1]);
    const first = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-layout', file, '-'], { encoding: 'utf8' });
    assert.match(first, /Netzwerkbericht/);
    assert.match(first, /Stand: \d{1,2}\.\d{1,2}\.\d{4}/);
    assert.match(first, /Filter: keine \(das ganze Netzwerk\)/);
    assert.match(first, /Zensus 2022/);
    assert.match(first, /Organisationen/, 'the key figures are on page 1');
    // Every page carries text: none nearly empty.
    for (let p = 1; p <= pages; p++) {
      const text = execFileSync('pdftotext', ['-f', String(p), '-l', String(p), file, '-'], { encoding: 'utf8' }).trim();
      assert.ok(text.length > 80, `page ${p} of ${pages} has ${text.length} characters`);
    }
    assert.ok(pages >= 3 && pages <= 8, `${pages} pages`);
    console.log(`the report: ${pages} A4 pages`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
