// Browser tests of a built project (issue 7): run by tests/browser/run.sh.
//
// Usage: node run.mjs OUTPUT_DIR SCREENSHOT_DIR
// Checks, in Debian's Chromium driven by playwright-core (a new browser
// context per page, never a browser download of its own):
//   1. axe-core, WCAG 2.1 A and AA rules: zero violations on the public page,
//      every extra page, the pages of EXTRA_SITES (other regulation shapes), one letter of each kind, the letters index, and the
//      reports (index, an opdrachtgever, one quarterly report with charts);
//   2. every internal link and anchor in site/ resolves;
//   3. every site page fits 320 px without horizontal scrolling;
//   4. keyboard only: the skip link comes first, is visible, and moves focus
//      to the content; every focused element shows a focus outline;
//   5. PDF letters (build --pdf): one beside every HTML letter, A4, lang nl;
//   6. live reload (when REGELWERK and PROJECT are set): a page opened from
//      `regelwerk serve` reloads itself after an edit, shows a broken edit as
//      an overlay, and loses the overlay after the fix;
// and writes screenshots of the page (desktop, mobile) and a letter.

import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const [outputDir, shotsDir] = process.argv.slice(2).map((p) => path.resolve(p));
if (!outputDir || !shotsDir) {
  console.error('usage: node run.mjs OUTPUT_DIR SCREENSHOT_DIR');
  process.exit(2);
}
fs.mkdirSync(shotsDir, { recursive: true });

const KINDS = [
  'ontvangstbevestiging', 'niet-ontvankelijk', 'verzoek-reactie', 'gespreksverslag',
  'bevestiging', 'uitslag', 'bevestiging-intrekking', 'maatregelen-kcmd',
];
const failures = [];
const fail = (what) => { failures.push(what); console.log(`  FOUT ${what}`); };
const ok = (what) => console.log(`  ok   ${what}`);
const rel = (file) => file.startsWith(outputDir) ? path.relative(outputDir, file) : path.relative(process.cwd(), file);
const url = (file) => pathToFileURL(file).href;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});

/** Opens `file` in a fresh context and runs `fn(page)`. */
async function withPage(file, options, fn) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  try {
    await page.goto(url(file));
    return await fn(page);
  } finally {
    await context.close();
  }
}

// --- which pages -----------------------------------------------------------
const site = path.join(outputDir, 'site');
const pagesOf = (dir) => fs.readdirSync(dir).filter((f) => f.endsWith('.html')).map((f) => path.join(dir, f));
// EXTRA_SITES: more built site/ folders (regulations in other published
// shapes) whose pages get the same site checks (1 to 4).
const extraSites = (process.env.EXTRA_SITES || '').split(':').filter(Boolean).map((p) => path.resolve(p));
const sitePages = [site, ...extraSites].flatMap(pagesOf);
const letters = path.join(outputDir, 'letters');
const letterOf = {};
for (const id of fs.readdirSync(letters).sort()) {
  const dir = path.join(letters, id);
  if (id === '_blank' || !fs.statSync(dir).isDirectory()) continue;
  for (const file of fs.readdirSync(dir).sort()) {
    const kind = KINDS.find((k) => file.endsWith(`-${k}.html`));
    if (kind && !letterOf[kind]) letterOf[kind] = path.join(dir, file);
  }
}
for (const kind of KINDS) {
  if (!letterOf[kind]) fail(`geen brief van het soort ${kind} in ${rel(letters)}`);
}
const reports = path.join(outputDir, 'reports');
const reportPages = [path.join(reports, 'index.html')];
for (const slug of fs.readdirSync(reports).sort()) {
  const dir = path.join(reports, slug);
  if (!fs.statSync(dir).isDirectory()) continue;
  reportPages.push(path.join(dir, 'index.html'));
  const quarters = fs.readdirSync(dir).filter((f) => /^\d{4}-Q\d\.html$/.test(f)).sort();
  // A finished quarter with charts (the newest may be provisional).
  if (quarters.length) reportPages.push(path.join(dir, quarters[Math.max(0, quarters.length - 2)]));
  break;
}

// --- 1. axe-core ------------------------------------------------------------
console.log('WCAG 2.1 A en AA (axe-core):');
const axePages = [
  ...sitePages,
  ...KINDS.filter((k) => letterOf[k]).map((k) => letterOf[k]),
  path.join(letters, 'index.html'),
  path.join(letters, '_blank', 'uitslag.html'),
  ...reportPages,
];
for (const file of axePages) {
  const violations = await withPage(file, {}, async (page) => {
    await page.addScriptTag({ content: axeSource });
    return page.evaluate(async () => {
      const result = await window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      });
      return result.violations.map((v) => ({
        id: v.id,
        help: v.help,
        nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`),
      }));
    });
  });
  if (violations.length === 0) ok(rel(file));
  for (const v of violations) fail(`${rel(file)}: ${v.id} (${v.help}) — ${v.nodes.join(' | ')}`);
}

// --- 2. links and anchors in site/ --------------------------------------------
console.log('Links en ankers in site/:');
const idsOf = new Map();
async function ids(file) {
  if (!idsOf.has(file)) {
    idsOf.set(file, await withPage(file, {}, (page) =>
      page.evaluate(() => [...document.querySelectorAll('[id], a[name]')].map((e) => e.id || e.getAttribute('name')))));
  }
  return idsOf.get(file);
}
for (const file of sitePages) {
  const links = await withPage(file, {}, (page) =>
    page.evaluate(() => [...document.querySelectorAll('a[href], link[href]')].map((a) => a.getAttribute('href'))));
  let bad = 0;
  for (const href of links) {
    if (/^(https?:|mailto:|tel:)/i.test(href)) continue;
    const target = new URL(href, url(file));
    if (target.protocol !== 'file:') continue;
    const targetFile = fileURLToPath(target);
    if (!targetFile.startsWith(path.dirname(file)) || !fs.existsSync(targetFile)) {
      bad++;
      fail(`${rel(file)}: link ${href} wijst naar een bestand dat niet bestaat`);
      continue;
    }
    if (target.hash && target.hash !== '#') {
      const id = decodeURIComponent(target.hash.slice(1));
      if (!(await ids(targetFile)).includes(id)) {
        bad++;
        fail(`${rel(file)}: anker ${href} bestaat niet in ${rel(targetFile)}`);
      }
    }
  }
  if (!bad) ok(`${rel(file)}: ${links.length} links`);
}

// --- 3. 320 px ------------------------------------------------------------------
console.log('320 px breed, zonder horizontaal scrollen:');
for (const file of sitePages) {
  const widths = await withPage(file, { viewport: { width: 320, height: 640 } }, (page) =>
    page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })));
  if (widths.scroll > widths.client) fail(`${rel(file)}: ${widths.scroll} px breed op een scherm van ${widths.client} px`);
  else ok(`${rel(file)}`);
}

// --- 4. keyboard ------------------------------------------------------------------
console.log('Alleen met het toetsenbord:');
for (const file of sitePages) {
  await withPage(file, { viewport: { width: 1280, height: 900 } }, async (page) => {
    await page.keyboard.press('Tab');
    const skip = await page.evaluate(() => {
      const e = document.activeElement;
      const box = e.getBoundingClientRect();
      const style = getComputedStyle(e);
      return {
        text: e.textContent.trim(), href: e.getAttribute('href'),
        visible: box.width > 0 && box.height > 0 && box.top >= 0 && box.bottom <= innerHeight,
        outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
      };
    });
    if (skip.href !== '#inhoud') fail(`${rel(file)}: de eerste Tab komt op "${skip.text}", niet op de link naar de inhoud`);
    else if (!skip.visible) fail(`${rel(file)}: de link "${skip.text}" is niet zichtbaar als hij focus heeft`);
    else if (!skip.outline) fail(`${rel(file)}: de link "${skip.text}" heeft geen zichtbare focusrand`);
    await page.keyboard.press('Enter');
    const target = await page.evaluate(() => document.activeElement && document.activeElement.id);
    if (target !== 'inhoud') fail(`${rel(file)}: Enter op de link naar de inhoud zet de focus op "${target}", niet op #inhoud`);
    let unmarked = [];
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Tab');
      const focus = await page.evaluate(() => {
        const e = document.activeElement;
        if (!e || e === document.body) return null;
        const style = getComputedStyle(e);
        return {
          what: `${e.tagName.toLowerCase()} "${(e.textContent || '').trim().slice(0, 40)}"`,
          outline: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none',
        };
      });
      if (!focus) break;
      if (!focus.outline) unmarked.push(focus.what);
    }
    if (unmarked.length) fail(`${rel(file)}: zonder zichtbare focus: ${unmarked.slice(0, 5).join(', ')}`);
    if (skip.href === '#inhoud' && skip.visible && skip.outline && target === 'inhoud' && !unmarked.length) {
      ok(`${rel(file)}: eerst "${skip.text}", dan de inhoud, focus steeds zichtbaar`);
    }
  });
}

// --- 5. PDF letters -----------------------------------------------------------------
console.log('PDF-brieven:');
let pdfs = 0;
const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]);
for (const html of walk(letters).filter((f) => f.endsWith('.html') && path.basename(f) !== 'index.html' || f.includes('_blank') && f.endsWith('.html'))) {
  const pdf = html.replace(/\.html$/, '.pdf');
  if (!fs.existsSync(pdf)) { fail(`${rel(html)}: geen PDF ernaast`); continue; }
  const text = fs.readFileSync(pdf).toString('latin1');
  if (!text.startsWith('%PDF')) fail(`${rel(pdf)}: geen PDF`);
  else if (!/\/MediaBox \[0 0 59[45]\.\d* 841\.\d*\]/.test(text)) fail(`${rel(pdf)}: niet A4`);
  else if (!text.includes('/Lang (nl)')) fail(`${rel(pdf)}: geen taal nl`);
  else pdfs++;
}
if (pdfs) ok(`${pdfs} brieven als PDF, A4, taal nl`);

// --- screenshots ------------------------------------------------------------------------
const index = path.join(site, 'index.html');
await withPage(index, { viewport: { width: 1280, height: 900 } }, (page) =>
  page.screenshot({ path: path.join(shotsDir, 'site-desktop.png'), fullPage: true }));
await withPage(index, { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true }, (page) =>
  page.screenshot({ path: path.join(shotsDir, 'site-mobile.png'), fullPage: true }));
if (letterOf.uitslag) {
  await withPage(letterOf.uitslag, { viewport: { width: 1000, height: 1400 } }, (page) =>
    page.screenshot({ path: path.join(shotsDir, 'letter-uitslag.png'), fullPage: true }));
}
if (reportPages[2]) {
  await withPage(reportPages[2], { viewport: { width: 1100, height: 1400 } }, (page) =>
    page.screenshot({ path: path.join(shotsDir, 'report.png'), fullPage: true }));
}
console.log(`Schermafdrukken: ${shotsDir}`);

// --- 6. live reload in serve -------------------------------------------------------
if (process.env.REGELWERK && process.env.PROJECT) {
  console.log('regelwerk serve in de browser:');
  const { spawn } = await import('node:child_process');
  const net = await import('node:net');
  const port = await new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
  const project = process.env.PROJECT;
  const server = spawn(process.env.REGELWERK, ['--root', project, 'serve', '--port', String(port), '-q'], { stdio: 'ignore' });
  const regulation = path.join(project, 'content', 'klachtenreglement.md');
  const original = fs.readFileSync(regulation, 'utf8');
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const home = `http://127.0.0.1:${port}/`;
    for (let i = 0; ; i++) {
      try { await page.goto(home); break; } catch (e) { if (i > 100) throw e; await new Promise((r) => setTimeout(r, 100)); }
    }
    await page.waitForFunction(() => document.title.length > 0);
    const until = (fn, what) => page.waitForFunction(fn, null, { timeout: 10000 }).then(() => true, () => { fail(`serve: ${what}`); return false; });
    // Give the page a moment to connect its event stream, then edit.
    await new Promise((r) => setTimeout(r, 300));
    fs.writeFileSync(regulation, original.replace('kan je een klacht indienen', 'kan je een klacht indienen (nieuw)'));
    if (await until(() => document.body.innerText.includes('klacht indienen (nieuw)'), 'de pagina laadt niet opnieuw na een wijziging')) ok('een wijziging verschijnt vanzelf');
    fs.writeFileSync(regulation, original.replace(/^titel: .*$/m, 'titel: [kapot'));
    if (await until(() => !!document.getElementById('regelwerk-fout'), 'een fout verschijnt niet in de pagina')) ok('een fout verschijnt over de laatste goede pagina');
    fs.writeFileSync(regulation, original);
    if (await until(() => !document.getElementById('regelwerk-fout') && !document.body.innerText.includes('(nieuw)'), 'de fout blijft staan na het herstel')) ok('na het herstel is de fout weg');
  } finally {
    fs.writeFileSync(regulation, original);
    await context.close();
    server.kill('SIGINT');
  }
}

await browser.close();
if (failures.length) {
  console.log(`\n${failures.length} problemen gevonden.`);
  process.exit(1);
}
console.log('\nAlles in orde.');
