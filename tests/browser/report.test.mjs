// Browser test of report.html: opens each report from file:// in headless
// Chromium (Debian's /usr/bin/chromium, driven by playwright-core from
// web/node_modules) and checks what a reader sees.
//
//   node tests/browser/report.test.mjs --screenshots DIR NAME:KIND:PATH [...]
//
// KIND is `charts` (a plan with predictions: every chart canvas must hold a
// drawn band and line) or `stopped` (a refused patient: the refusal comes
// first and there is no chart or proposed protocol). For every report: all
// sections present, the decision-support statement visible, no console error,
// no request leaving the file, full-page screenshots (screen and print media).
// A plan with a `tryon` object must also show the Try-on section: the 3D
// canvas (WebGL, software-rendered by SwiftShader) draws a patch, and moving
// the time slider changes the picture.
// Exit 0 when all pass, 1 on a failed check, 2 on bad usage or launch failure.
import { createRequire } from 'node:module';
import { launch, webglPicture, pictureDifference } from './webgl.mjs';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '..', '..', 'web', 'package.json'));
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.CITSIM_CHROMIUM || '/usr/bin/chromium';
const SECTIONS = ['screening', 'plan', 'predictions', 'calendar', 'costs', 'alternatives',
                  'sources', 'about'];

function usage(message) {
  console.error(`report.test.mjs: ${message}`);
  console.error('usage: node report.test.mjs --screenshots DIR NAME:KIND:PATH [...]');
  process.exit(2);
}

const args = process.argv.slice(2);
let shotsDir = null;
const reports = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--screenshots') {
    shotsDir = args[++i];
  } else {
    const [name, kind, ...rest] = args[i].split(':');
    if (!name || !['charts', 'stopped'].includes(kind) || rest.length === 0) {
      usage(`bad report argument "${args[i]}"`);
    }
    reports.push({ name, kind, path: resolve(rest.join(':')) });
  }
}
if (!shotsDir || reports.length === 0) usage('need --screenshots DIR and at least one report');
mkdirSync(shotsDir, { recursive: true });

let failures = 0;
function check(ok, what) {
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
}

// Counts the pixels of a canvas that differ from its background, and among
// them the translucent band pixels (light, coloured) and strong line pixels.
async function canvasInk(page, selector) {
  return page.$eval(selector, (canvas) => {
    const ctx = canvas.getContext('2d');
    const { width, height } = canvas;
    const px = ctx.getImageData(0, 0, width, height).data;
    let ink = 0, band = 0, line = 0;
    for (let i = 0; i < px.length; i += 4) {
      const a = px[i + 3];
      if (a === 0) continue;
      const r = px[i], g = px[i + 1], b = px[i + 2];
      const max = Math.max(r, g, b), min = Math.min(r, g, b);
      if (max > 245 && min > 245) continue;  // white background
      ink++;
      const chroma = max - min;
      if (a < 200 && chroma > 4) band++;  // fill of a P10-P90 band (alpha < 1)
      if (a > 200 && chroma > 60) line++;  // saturated, opaque: a median line or tick
    }
    return { width, height, ink, band, line, dataUrl: canvas.toDataURL('image/png').length };
  });
}


async function checkTryon(page, report) {
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-tryon'),
                             null, { timeout: 15000 }).catch(() => {});
  const state = await page.getAttribute('html', 'data-tryon');
  check(state === 'ready', `try-on viewer mounted (html[data-tryon] = ${state})`);
  const heading = await page.$('#tryon h2');
  check(heading !== null && await heading.isVisible(), 'section #tryon with a visible heading');
  const order = await page.evaluate(() => {
    const p = document.getElementById('predictions'), t = document.getElementById('tryon');
    return Boolean(p && t && (p.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING));
  });
  check(order, 'try-on section comes after the predictions');
  const note = await page.textContent('#tryon').catch(() => '');
  check(/prediction/i.test(note) && /range/i.test(note) && /not a promise/i.test(note),
        'try-on says it is a prediction with a range, not a promise');
  const canvas = '#tryon canvas[data-tryon-canvas]';
  if (state !== 'ready' || !(await page.$(canvas))) {
    check(false, 'try-on canvas present');
    return;
  }
  const frames = await page.$eval('#tryon-viewer', (el) => el.citsimViewer.frames);
  const last = await webglPicture(page, canvas);
  const share = last.share;
  check(share > 0.15 && last.skin > 0.1 * last.width * last.height,
        `try-on canvas ${last.width}x${last.height} draws the patches: ${(100 * share).toFixed(1)}% ` +
        `non-background, ${last.skin} skin-coloured px`);
  const attr = await page.getAttribute('#tryon-viewer', 'data-frame');
  check(attr === String(frames - 1), `data-frame starts at the last frame (${attr} of ${frames})`);
  // Move the time slider to day 0: both patches show "before", the picture changes.
  await page.$eval('#tryon input[data-control="frame"]', (input) => {
    input.value = '0';
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  const first = await webglPicture(page, canvas);
  const frameNow = await page.$eval('#tryon-viewer', (el) => [el.citsimViewer.frame, el.getAttribute('data-frame')]);
  check(frameNow[0] === 0 && frameNow[1] === '0', `time slider sets the frame (now ${frameNow.join('/')})`);
  const moved = pictureDifference(last, first);
  check(moved > 50, `moving the time slider changes the picture (${moved} sampled px differ)`);
  await page.$eval('#tryon-viewer', (el) => el.citsimViewer.setFrame(el.citsimViewer.frames - 1));
  const back = await webglPicture(page, canvas);
  check(pictureDifference(last, back) === 0, 'setFrame(last) restores the same picture (deterministic)');
  const shot = join(shotsDir, `${report.name}-tryon.png`);
  await (await page.$('#tryon')).screenshot({ path: shot });
  console.log(`  screenshot ${shot}`);
}

async function checkReport(context, report) {
  console.log(`report ${report.name} (${report.kind}): ${report.path}`);
  const page = await context.newPage();
  const errors = [];
  const external = [];
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith('file:') && !url.startsWith('data:') && !url.startsWith('blob:')) {
      external.push(url);
    }
  });
  await page.goto(pathToFileURL(report.path).href, { waitUntil: 'load' });
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-charts'),
                             null, { timeout: 15000 }).catch(() => {});
  const chartsState = await page.getAttribute('html', 'data-charts');
  const hasTryon = await page.evaluate(() => {
    const data = document.getElementById('citsim-plan');
    return Boolean(data && JSON.parse(data.textContent).tryon);
  });

  for (const id of SECTIONS) {
    const heading = await page.$(`#${id} h2`);
    check(heading !== null && await heading.isVisible(), `section #${id} with a visible heading`);
  }
  const statement = await page.textContent('.decision-support').catch(() => '');
  check(/clinician decides/i.test(statement || ''), 'decision-support statement: "the clinician decides"');
  check((await page.$$('h1')).length === 1, 'one h1');
  const unlabelled = await page.$$eval('canvas', (cs) => cs.filter((c) => !c.getAttribute('aria-label')).length);
  check(unlabelled === 0, 'every canvas has an aria-label');
  const headerless = await page.$$eval('table', (ts) => ts.filter((t) => !t.querySelector('th')).length);
  check(headerless === 0, 'every table has header cells');

  if (report.kind === 'charts') {
    check(chartsState === 'ready', `charts drawn (html[data-charts] = ${chartsState})`);
    const canvases = await page.$$eval('canvas[data-observable]', (cs) => cs.map((c) => c.id));
    check(canvases.length >= 3, `at least 3 chart canvases (found ${canvases.length})`);
    for (const id of canvases) {
      const ink = await canvasInk(page, `#${id}`);
      const share = ink.ink / (ink.width * ink.height);
      check(share > 0.02 && ink.band > 500 && ink.line > 200,
            `#${id} (${ink.width}x${ink.height}) has ink ${(100 * share).toFixed(1)}%, ` +
            `band px ${ink.band}, line px ${ink.line}`);
    }
    const rows = await page.$$eval('table.end-values tbody tr', (r) => r.length);
    check(rows >= 3, `end-of-follow-up table has ${rows} observables`);
    // The controls redraw the charts: hiding every course but the first
    // leaves fewer line pixels; shading every band adds band pixels.
    if (canvases.length > 0) {
      const first = `#${canvases[0]}`;
      const before = await canvasInk(page, first);
      const boxes = await page.$$('input[data-course]');
      for (const box of boxes.slice(1)) await box.uncheck();
      const fewer = await canvasInk(page, first);
      check(boxes.length < 2 || fewer.line < before.line,
            `course selector hides courses (line px ${before.line} -> ${fewer.line})`);
      for (const box of boxes.slice(1)) await box.check();
      const allBands = await page.$('#all-bands');
      if (allBands && boxes.length > 1) {
        await allBands.check();
        const more = await canvasInk(page, first);
        check(more.band > before.band, `every band shaded on request (band px ${before.band} -> ${more.band})`);
        await allBands.uncheck();
      }
    }
    if (hasTryon) await checkTryon(page, report);
  } else {
    const order = await page.evaluate(() => {
      const refusal = document.getElementById('refusal');
      const screening = document.getElementById('screening');
      if (!refusal || !screening) return null;
      return {
        before: Boolean(refusal.compareDocumentPosition(screening) & Node.DOCUMENT_POSITION_FOLLOWING),
        top: refusal.getBoundingClientRect().top,
        text: refusal.textContent,
      };
    });
    check(order !== null, 'refusal section present');
    check(order !== null && order.before, 'refusal comes before the screening details');
    check(order !== null && order.top < 900, `refusal is on the first screen (top ${order && order.top}px)`);
    check(order !== null && /not proposed/i.test(order.text), 'refusal says treatment is not proposed');
    const stopBadges = await page.$$eval('#screening .badge-stop', (b) => b.length);
    check(stopBadges >= 1, `screening lists the stop findings (${stopBadges})`);
    check((await page.$$('canvas')).length === 0, 'no chart canvas');
    check((await page.$$('table.protocol')).length === 0, 'no proposed protocol table');
    check((await page.$$('#tryon')).length === 0, 'no try-on section');
  }

  check(errors.length === 0, `no console errors${errors.length ? ': ' + errors.join(' | ') : ''}`);
  check(external.length === 0, `no request leaves the file${external.length ? ': ' + external.join(', ') : ''}`);

  const shot = join(shotsDir, `${report.name}.png`);
  await page.screenshot({ path: shot, fullPage: true });
  console.log(`  screenshot ${shot}`);
  const charts = await page.$('#predictions');
  if (report.kind === 'charts' && charts) {
    const chartsShot = join(shotsDir, `${report.name}-charts.png`);
    await charts.screenshot({ path: chartsShot });
    console.log(`  screenshot ${chartsShot}`);
  }
  await page.emulateMedia({ media: 'print' });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
  const printShot = join(shotsDir, `${report.name}-print.png`);
  await page.screenshot({ path: printShot, fullPage: true });
  console.log(`  screenshot ${printShot} (print media)`);
  await page.close();
}

const profile = mkdtempSync(join(tmpdir(), 'citsim-chromium-'));
let context;
try {
  context = await launch(chromium, CHROMIUM, profile, {
    viewport: { width: 1280, height: 900 },
    offline: true,
  });
} catch (err) {
  console.error(`report.test.mjs: cannot launch ${CHROMIUM}: ${err.message}`);
  rmSync(profile, { recursive: true, force: true });
  process.exit(2);
}
try {
  for (const report of reports) await checkReport(context, report);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(failures === 0 ? 'report browser test: all checks passed'
                           : `report browser test: ${failures} check(s) FAILED`);
process.exit(failures === 0 ? 0 : 1);
