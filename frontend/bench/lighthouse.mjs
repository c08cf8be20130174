// Lighthouse benchmark of the public pages: a benchmark that prints figures, not a
// test (it asserts nothing and is not part of `npm test` or CI).
//
// Run from frontend/ after a release build into ../dist (`trunk build --release` and
// the server binary copied to dist/migraup):
//
//   node bench/lighthouse.mjs
//
// Environment (all optional):
//   MIGRAUP_BIN         server binary                 (default ../dist/migraup)
//   MIGRAUP_STATIC_DIR  the built web app             (default ../dist/web)
//   CHROME_PATH         Chromium to drive             (default /usr/bin/chromium; never downloaded)
//   LH_RUNS             Lighthouse runs per page      (default 3; the median by performance is kept)
//   LH_REPORT_DIR       if set, each page's median Lighthouse JSON report is written there
//
// It starts `migraup serve` on a fresh SQLite database with the demo network, runs
// Lighthouse (mobile preset, simulated throttling; performance, accessibility, SEO) on
// each page, each run in a fresh Chromium with its own profile, and prints a Markdown
// table, the failing accessibility/SEO audits, and the bytes of each page's cold
// visit by resource type (from the network-requests audit).
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import lighthouse from 'lighthouse';
import { startServer } from '../tests/helpers.mjs';
import * as chromeLauncher from 'chrome-launcher';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = process.env.MIGRAUP_BIN ?? join(ROOT, 'dist/migraup');
const STATIC_DIR = process.env.MIGRAUP_STATIC_DIR ?? join(ROOT, 'dist/web');
// The browser tests' server starter reads these.
process.env.MIGRAUP_BIN = BIN;
process.env.MIGRAUP_STATIC_DIR = STATIC_DIR;
const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const RUNS = Number(process.env.LH_RUNS ?? 3);
const REPORT_DIR = process.env.LH_REPORT_DIR;
const PAGES = ['/', '/organisations', '/organisations/bruecke-der-kulturen-e-v', '/events'];
const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** One Lighthouse run in a fresh Chromium with its own profile; returns the LHR. */
async function runOnce(url, profileDir) {
  mkdirSync(profileDir, { recursive: true });
  const chrome = await chromeLauncher.launch({
    chromePath: CHROME_PATH,
    chromeFlags: CHROME_FLAGS,
    userDataDir: profileDir,
    logLevel: 'silent',
  });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'seo'],
    });
    if (!result?.lhr) throw new Error(`Lighthouse returned nothing for ${url}`);
    if (result.lhr.runtimeError) throw new Error(`${url}: ${result.lhr.runtimeError.message}`);
    return result.lhr;
  } finally {
    await chrome.kill();
  }
}

const score = (lhr, category) => lhr.categories[category].score;
const pct = (s) => (s == null ? 'n/a' : String(Math.round(s * 100)));
const num = (lhr, id) => lhr.audits[id]?.numericValue;

/** Failing (score < 1) audits of the accessibility and SEO categories, with selectors. */
function failingAudits(lhr) {
  const failing = [];
  for (const category of ['accessibility', 'seo']) {
    for (const ref of lhr.categories[category].auditRefs) {
      const audit = lhr.audits[ref.id];
      if (audit.score === null || audit.score >= 1) continue;
      const selectors = (audit.details?.items ?? [])
        .map((item) => item.node?.selector)
        .filter(Boolean);
      failing.push({ category, id: audit.id, title: audit.title, selectors });
    }
  }
  return failing;
}

/** Transferred bytes of the page load by resource type (network-requests audit). */
function byteSplit(lhr) {
  const split = { document: 0, script: 0, wasm: 0, css: 0, other: 0 };
  for (const request of lhr.audits['network-requests'].details.items) {
    const { resourceType, mimeType = '', url } = request;
    const kind =
      mimeType === 'application/wasm' || /\.wasm(\?|$)/.test(url) ? 'wasm'
        : resourceType === 'Document' ? 'document'
        : resourceType === 'Script' ? 'script'
        : resourceType === 'Stylesheet' ? 'css'
        : 'other';
    split[kind] += request.transferSize ?? 0;
  }
  return split;
}

const dir = mkdtempSync(join(tmpdir(), 'migraup-lighthouse-'));
let server;
try {
  server = await startServer();
  const rows = [];
  const details = [];
  let runNumber = 0;
  for (const path of PAGES) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const lhr = await runOnce(server.url + path, join(dir, `profile-${runNumber++}`));
      console.error(`${path} run ${i + 1}/${RUNS}: performance ${pct(score(lhr, 'performance'))}`);
      runs.push(lhr);
    }
    runs.sort((a, b) => score(a, 'performance') - score(b, 'performance'));
    const lhr = runs[Math.floor((runs.length - 1) / 2)];
    if (REPORT_DIR) {
      mkdirSync(REPORT_DIR, { recursive: true });
      const name = path === '/' ? 'home' : path.slice(1).replaceAll('/', '_');
      writeFileSync(join(REPORT_DIR, `${name}.json`), JSON.stringify(lhr, null, 2));
    }
    rows.push(
      `| ${path} | ${pct(score(lhr, 'performance'))} ` +
        `| ${(num(lhr, 'largest-contentful-paint') / 1000).toFixed(2)} ` +
        `| ${num(lhr, 'cumulative-layout-shift').toFixed(3)} ` +
        `| ${Math.round(num(lhr, 'total-blocking-time'))} ` +
        `| ${pct(score(lhr, 'accessibility'))} | ${pct(score(lhr, 'seo'))} ` +
        `| ${Math.round(num(lhr, 'total-byte-weight'))} |`,
    );
    details.push({ path, failing: failingAudits(lhr), split: byteSplit(lhr) });
  }

  console.log(`Lighthouse ${RUNS} runs per page, median by performance; mobile preset, simulated throttling.\n`);
  console.log('| page | performance | LCP (s) | CLS | TBT (ms) | accessibility | SEO | bytes transferred |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(row);

  console.log('\nFailing accessibility/SEO audits (score < 1):');
  for (const { path, failing } of details) {
    if (failing.length === 0) {
      console.log(`- ${path}: none`);
      continue;
    }
    for (const f of failing) {
      const where = f.selectors.length ? ` [${f.selectors.slice(0, 5).join(' ; ')}${f.selectors.length > 5 ? ' ; …' : ''}]` : '';
      console.log(`- ${path}: ${f.category}/${f.id}: ${f.title}${where}`);
    }
  }

  console.log('\nBytes transferred on the cold visit, by resource type:');
  console.log('| page | document | script | wasm | css | other |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const { path, split } of details) {
    console.log(`| ${path} | ${split.document} | ${split.script} | ${split.wasm} | ${split.css} | ${split.other} |`);
  }
} finally {
  server?.stop();
  rmSync(dir, { recursive: true, force: true });
}
