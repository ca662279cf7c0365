// Browser test of the `citsim serve` page and the try-on viewer: opens the
// page in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core from web/node_modules; WebGL from SwiftShader) and uses it
// as a clinician would.
//
//   node tests/browser/viewer.test.mjs --url http://127.0.0.1:PORT/ \
//        --screenshots DIR
//
// Checks: the page loads with the bundled examples; running slot A's plan
// shows the screening outcome, the plan summary and a drawn collagen chart;
// editing a form field (sessions) rewrites the TOML and rerunning changes the
// result; slot B plans another case beside A; a bad case shows the server's
// one-line message; the try-on viewer of the served acne-scar plan draws
// non-blank pixels and the time slider and percentile selector change the
// picture.
// Exit 0 when all pass, 1 on a failed check, 2 on bad usage or launch failure.
import { createRequire } from 'node:module';
import { launch, webglPicture, pictureDifference } from './webgl.mjs';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '..', '..', 'web', 'package.json'));
const { chromium } = require('playwright-core');
const CHROMIUM = process.env.CITSIM_CHROMIUM || '/usr/bin/chromium';
const PLAN_TIMEOUT_MS = 180000;

function usage(message) {
  console.error(`viewer.test.mjs: ${message}`);
  console.error('usage: node viewer.test.mjs --url URL --screenshots DIR');
  process.exit(2);
}

const opts = {};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  if (!['--url', '--screenshots'].includes(argv[i]) || argv[i + 1] === undefined) usage(`bad argument ${argv[i]}`);
  opts[argv[i].slice(2)] = argv[i + 1];
}
if (!opts.url || !opts.screenshots) usage('need --url and --screenshots');
mkdirSync(opts.screenshots, { recursive: true });

let failures = 0;
function check(ok, what) {
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
}
async function shot(page, name, selector = null) {
  const path = join(opts.screenshots, `${name}.png`);
  if (selector) await (await page.$(selector)).screenshot({ path });
  else await page.screenshot({ path, fullPage: true });
  console.log(`  screenshot ${path}`);
}

// Non-background pixels of a 2D chart canvas.
async function chartInk(page, selector) {
  return page.$eval(selector, (canvas) => {
    const px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let ink = 0;
    for (let i = 0; i < px.length; i += 4) {
      if (px[i + 3] > 0 && !(px[i] > 245 && px[i + 1] > 245 && px[i + 2] > 245)) ink++;
    }
    return ink / (canvas.width * canvas.height);
  });
}


async function runSlot(page, slot, runsBefore) {
  await page.click(`#slot-${slot} [data-role="run"]`);
  await page.waitForFunction(([s, n]) => {
    const el = document.getElementById(`slot-${s}`);
    return Number(el.getAttribute('data-runs') || 0) > n || el.getAttribute('data-state') === 'error';
  }, [slot, runsBefore], { timeout: PLAN_TIMEOUT_MS });
  return page.getAttribute(`#slot-${slot}`, 'data-state');
}

async function checkViewer(page, slot, source) {
  const box = `#slot-${slot} [data-role="tryon"]`;
  const canvas = `${box} canvas[data-tryon-canvas]`;
  await page.waitForSelector(canvas, { timeout: 15000 }).catch(() => {});
  const state = await page.getAttribute(box, 'data-viewer').catch(() => null);
  check(state === 'ready', `slot ${slot}: try-on viewer ready (${source}; data-viewer = ${state})`);
  if (state !== 'ready') return;
  const frames = await page.$eval(box, (el) => el.citsimViewer.frames);
  const last = await webglPicture(page, canvas);
  check(last.share > 0.15, `slot ${slot}: 3D canvas ${last.width}x${last.height} has ${(100 * last.share).toFixed(1)}% non-background px`);
  check(await page.getAttribute(box, 'data-frame') === String(frames - 1), `slot ${slot}: data-frame starts at the last frame`);
  await shot(page, `viewer-${slot}-last`, box);
  // The time slider, as a user moves it: to day 0, then to the second frame.
  const slider = `${box} input[data-control="frame"]`;
  await page.$eval(slider, (el) => { el.value = '0'; el.dispatchEvent(new Event('input', { bubbles: true })); });
  const first = await webglPicture(page, canvas);
  check(await page.getAttribute(box, 'data-frame') === '0', 'time slider to day 0 sets data-frame="0"');
  check(pictureDifference(last, first) > 40, `moving the time slider changes the picture (${pictureDifference(last, first)} sampled px)`);
  if (frames > 2) {
    await page.$eval(slider, (el) => { el.value = '1'; el.dispatchEvent(new Event('input', { bubbles: true })); });
    await shot(page, `viewer-${slot}-frame1`, box);
  }
  await page.$eval(box, (el) => el.citsimViewer.setFrame(el.citsimViewer.frames - 1));
  const p50 = await webglPicture(page, canvas);
  check(pictureDifference(last, p50) === 0, 'setFrame(last) draws the same picture again');
  await page.selectOption(`${box} select[data-control="band"]`, 'p10');
  const p10 = await webglPicture(page, canvas);
  check(pictureDifference(p50, p10) > 10, `P10 selector changes the picture (${pictureDifference(p50, p10)} sampled px)`);
  const metricsText = await page.textContent(`${box} .cv-metrics`);
  check(/P10/.test(metricsText) && /P90/.test(metricsText), 'metrics readout shows the P10-P90 range');
  const noteText = await page.textContent(`${box} .cv-note`);
  check(/prediction/i.test(noteText) && /not a promise/i.test(noteText), 'viewer says prediction with a range, not a promise');
  await page.selectOption(`${box} select[data-control="band"]`, 'p50');
}

async function main(page) {
  const errors = [];
  const outside = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  const origin = new URL(opts.url).origin;
  page.on('request', (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) outside.push(r.url()); });

  await page.goto(opts.url, { waitUntil: 'load' });
  await page.waitForFunction(() => document.documentElement.getAttribute('data-app') === 'ready', null, { timeout: 20000 });
  const names = await page.$$eval('#slot-A [data-role="example"] option', (o) => o.map((x) => x.value).filter(Boolean));
  check(names.includes('pen-cheek-rejuvenation') && names.length >= 3, `examples offered: ${names.join(', ')}`);
  const toml = await page.inputValue('#slot-A [data-role="toml"]');
  check(/\[protocol\]/.test(toml) && /sessions = 4/.test(toml), 'slot A holds the example TOML');
  check(await page.inputValue('#slot-A input[data-key="sessions"]') === '4', 'form shows sessions = 4 from the TOML');

  // A: the example as given.
  let state = await runSlot(page, 'A', 0);
  check(state === 'done', `slot A plan ran (${state})`);
  const outcome = await page.textContent('#slot-A [data-role="outcome"]').catch(() => '');
  check(/Screening: (proceed|caution)/.test(outcome), `slot A shows the screening outcome (${outcome})`);
  const summary1 = await page.textContent('#slot-A [data-role="summary"]').catch(() => '');
  check(/4 sessions every 30 days/.test(summary1), 'slot A summary: 4 sessions every 30 days');
  const chart = '#slot-A canvas[data-role="collagen-chart"]';
  check((await page.$(chart)) !== null && (await chartInk(page, chart)) > 0.02, 'slot A collagen chart drawn with its band');
  const end1 = await page.evaluate(() => {
    const c = window.citsimApp.slots.A.plan.predictions.courses[0];
    return c.series.collagen_change_pct.p50.at(-1);
  });
  await shot(page, 'app-A-first');

  // A again, after editing a form field: sessions 4 -> 2.
  await page.fill('#slot-A input[data-key="sessions"]', '2');
  const toml2 = await page.inputValue('#slot-A [data-role="toml"]');
  check(/^sessions = 2/m.test(toml2) && !/^sessions = 4/m.test(toml2), 'editing sessions rewrites the TOML');
  check(/follow_up_days = 180\s+# counted from the last session/.test(toml2), 'other lines and comments kept');
  state = await runSlot(page, 'A', 1);
  check(state === 'done', `slot A reran (${state})`);
  const summary2 = await page.textContent('#slot-A [data-role="summary"]').catch(() => '');
  check(/2 sessions every 30 days/.test(summary2), 'rerun shows the edited plan: 2 sessions every 30 days');
  const end2 = await page.evaluate(() => window.citsimApp.slots.A.plan.predictions.courses[0].series.collagen_change_pct.p50.at(-1));
  check(end2 !== end1, `rerun changes the predicted collagen (median at the end ${end1} -> ${end2})`);

  // B: another case beside A.
  await page.selectOption('#slot-B [data-role="example"]', 'roller-acne-scars');
  check(/roller/.test(await page.inputValue('#slot-B [data-role="toml"]')), 'slot B loads another example');
  // A denser scarring than the example's (0.8 scars per cm2 put one scar on the
  // 1 cm2 try-on patch): the same scars on 4 cm2 give the viewer several.
  const denser = (await page.inputValue('#slot-B [data-role="toml"]')).replace(/^area_cm2 = .*$/m, 'area_cm2 = 4.0');
  check(/area_cm2 = 4\.0/.test(denser), 'slot B case edited to a denser scarring');
  await page.fill('#slot-B [data-role="toml"]', denser);
  state = await runSlot(page, 'B', 0);
  check(state === 'done', `slot B plan ran (${state})`);
  const summaryB = await page.textContent('#slot-B [data-role="summary"]').catch(() => '');
  const summaryA = await page.textContent('#slot-A [data-role="summary"]').catch(() => '');
  check(summaryB.length > 0 && summaryB !== summaryA && /acne|scar/i.test(summaryB),
        'slot B shows its own plan beside A');
  check((await page.$('#slot-B canvas[data-role="collagen-chart"]')) !== null, 'slot B has its chart');
  // The try-on viewer on the served acne-scar plan (the engine's own try-on).
  const servedTryon = await page.evaluate(() => Boolean(window.citsimApp.slots.B.plan?.tryon));
  check(servedTryon, 'the served acne-scar plan carries its try-on');
  if (servedTryon) {
    await checkViewer(page, 'B', 'served acne-scar plan');
    await shot(page, 'app-tryon', '#slot-B');
  }
  const boxes = await page.$$eval('section.slot', (s) => s.map((e) => e.getBoundingClientRect().left));
  check(boxes.length === 2 && boxes[1] > boxes[0] + 300, 'slots A and B side by side');
  await shot(page, 'app-compare');

  // A bad case in B: the server's one-line message, shown. (Chromium logs
  // the 400 answer itself as a console error; that one is expected.)
  await page.fill('#slot-B input[data-key="needle_length_mm"]', '9');
  const errorsBefore = errors.length;
  state = await runSlot(page, 'B', 1);
  const logged = errors.splice(errorsBefore);
  check(logged.every((e) => /status of 400/.test(e)), `only the expected 400 logged (${logged.length})`);
  const message = await page.textContent('#slot-B [data-role="status"]');
  check(state === 'error' && /^request: device\.needle_length_mm = 9\.0: must be/.test(message) && !message.includes('\n'),
        `slot B shows the error line: ${message}`);
  await shot(page, 'app-error', '#slot-B');


  check(errors.length === 0, `no console errors${errors.length ? ': ' + errors.join(' | ') : ''}`);
  check(outside.length === 0, `no request leaves the server${outside.length ? ': ' + outside.join(', ') : ''}`);
}

const profile = mkdtempSync(join(tmpdir(), 'citsim-chromium-'));
let context;
try {
  context = await launch(chromium, CHROMIUM, profile, {
    viewport: { width: 1400, height: 1000 },
  });
} catch (err) {
  console.error(`viewer.test.mjs: cannot launch ${CHROMIUM}: ${err.message}`);
  rmSync(profile, { recursive: true, force: true });
  process.exit(2);
}
try {
  const page = await context.newPage();
  await main(page);
} catch (err) {
  check(false, `test stopped: ${err.message.split('\n')[0]}`);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(failures === 0 ? 'viewer browser test: all checks passed' : `viewer browser test: ${failures} check(s) FAILED`);
process.exit(failures === 0 ? 0 : 1);
