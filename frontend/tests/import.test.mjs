// The coordination team imports its spreadsheet: the example file (fictional
// organisations with known duplicates), its columns recognised, the reason at a bad
// cell, a possible duplicate that must be decided before anything is written, the
// import with its progress, the result in the directory; then a larger file whose
// progress bar is seen moving.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO, axeProblems, signIn, useApp } from './helpers.mjs';

const app = useApp();
const EXAMPLE = join(dirname(fileURLToPath(import.meta.url)), '../../examples/import-example.csv');

async function importPage() {
  const page = await (await app.browser.newContext({ locale: 'de-DE', viewport: { width: 1280, height: 900 } })).newPage();
  await signIn(page, app.server.url, DEMO.ADMIN);
  await page.goto(`${app.server.url}/admin/import`);
  await page.getByLabel(/^Datei/).waitFor();
  return page;
}

test('the example file: duplicates decided, bad cells shown, imported with progress', async () => {
  const page = await importPage();
  await page.getByLabel(/^Datei/).setInputFiles(EXAMPLE);
  await page.getByTestId('import-summary').waitFor();
  assert.equal((await page.locator('[data-testid=import-summary] [data-count=rows] dd').textContent()).trim(), '20');

  // The columns are recognised: the select of "Webseite" says so.
  assert.equal(await page.getByLabel('Webseite', { exact: true }).inputValue(), 'WEBSITE');
  // A founding year in the future: the reason is at the cell.
  const bad = page.locator('[data-testid=import-row][data-line="17"]');
  assert.equal(await bad.getAttribute('data-status'), 'INVALID');
  assert.match(await bad.locator('.cell-error').first().textContent(), /1800/);
  // The typo in "Interkultureler Garten" waits for a person.
  const typo = page.locator('[data-testid=import-row][data-line="15"]');
  assert.match(await typo.getAttribute('class'), /needs-decision/);
  await page.screenshot({ path: join(process.env.SCREENSHOT_DIR ?? tmpdir(), 'import-preview.png'), fullPage: false });
  assert.deepEqual(await axeProblems(page), [], 'import preview');

  // The same website under another name: a person decides too.
  assert.match(await page.locator('[data-testid=import-row][data-line="14"]').getAttribute('class'), /needs-decision/);
  // Nothing starts while they are undecided.
  await page.getByTestId('import-commit').click();
  await page.getByTestId('import-decisions-error').waitFor();
  await page.locator('#import-row-14-skip').check();
  await page.locator('#import-row-15-skip').check();
  await page.getByTestId('import-commit').click();
  await page.getByTestId('import-done').waitFor({ timeout: 60_000 });
  assert.match(await page.getByTestId('import-done').textContent(), /angelegt/);

  // The imported organisations are in the directory.
  await page.goto(`${app.server.url}/organisations?q=Br%C3%BCckenbauer`);
  await page.getByRole('link', { name: /Brückenbauer Pankow e\.V\./ }).first().waitFor();
});

test('a larger file shows its progress while it is imported', async () => {
  const page = await importPage();
  // 3,000 organisations with made-up names far apart from each other.
  let seed = 7;
  const letter = () => String.fromCharCode(97 + ((seed = (seed * 1103515245 + 12345) % 2147483648) % 26));
  const word = () => Array.from({ length: 9 }, letter).join('');
  const lines = ['Name,Webseite'];
  for (let i = 0; i < 3000; i++) lines.push(`Verein ${word()} ${word()},https://${word()}-${i}.example`);
  const file = join(mkdtempSync(join(tmpdir(), 'migraup-import-')), 'gross.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  await page.getByLabel(/^Datei/).setInputFiles(file);
  await page.getByTestId('import-summary').waitFor({ timeout: 60_000 });
  assert.equal((await page.locator('[data-testid=import-summary] [data-count=new] dd').textContent()).trim(), '3000');
  await page.getByTestId('import-commit').click();
  const progress = page.locator('#import-progress');
  await progress.waitFor();
  assert.equal(await progress.getAttribute('max'), '3000');
  assert.match(await page.getByTestId('import-progress-text').textContent(), /von 3000 Zeilen/);
  await page.getByTestId('import-done').waitFor({ timeout: 120_000 });
  assert.match(await page.getByTestId('import-done').textContent(), /3000 angelegt/);
});
