// The try-on viewer: a 3D before/after view of a treated skin patch from the
// `tryon` object of plan.json (format citsim-tryon/1, docs/viewer.md).
//
//   import { mount } from './viewer.js';
//   const viewer = mount(document.getElementById('tryon'), plan.tryon, { height: 360 });
//   viewer.setFrame(2);        // after = frame 2; element gets data-frame="2"
//   viewer.setBand('p90');     // the ensemble's most-improved member
//   viewer.setExaggeration(6); // vertical exaggeration of the relief
//
// Two meshes side by side: left the "before" frame (frame 0), right the
// selected later frame, heights displaced by the exaggeration, tinted by the
// frame's redness, lit from a low angle so the relief shows. The drawing
// buffer is preserved so tests can read the pixels back.
import {
  BufferAttribute,
  Color,
  DirectionalLight,
  HemisphereLight,
  Mesh,
  MeshStandardMaterial,
  PerspectiveCamera,
  PlaneGeometry,
  Scene,
  SRGBColorSpace,
  WebGLRenderer,
} from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';

export const FORMAT = 'citsim-tryon/1';
const BANDS = ['p10', 'p50', 'p90'];
const BAND_LABELS = {
  p10: 'P10: least improvement',
  p50: 'P50: median',
  p90: 'P90: most improvement',
};
const METRIC_LABELS = {
  sa_um: ['Roughness Sa', '\u00b5m'],
  scar_depth_um: ['Scar depth', '\u00b5m'],
  scar_depth_change_pct: ['Scar depth change', '% vs before'],
  roughness_sa_change_pct: ['Roughness change', '% vs before'],
  wrinkle_depth_um: ['Line depth', '\u00b5m'],
  wrinkle_depth_change_pct: ['Line depth change', '% vs before'],
  pore_size_um: ['Visible pore size', '\u00b5m'],
  visible_pores_per_cm2: ['Visible pores', 'per cm\u00b2'],
};
const REDNESS_RGB = [196, 52, 48];  // the tint full erythema (1.0) pulls toward, in part
const BACKGROUND = 0xf4f6f9;

/// Throws an Error naming the first thing in `tryon` that is not format version 1.
export function checkTryon(tryon) {
  const fail = (what) => { throw new Error(`try-on data: ${what}`); };
  if (!tryon || typeof tryon !== 'object') fail('not an object');
  if (tryon.format !== FORMAT) fail(`format is ${JSON.stringify(tryon.format)}, expected "${FORMAT}"`);
  for (const key of ['nx', 'ny']) {
    if (!Number.isInteger(tryon[key]) || tryon[key] < 2 || tryon[key] > 2048) fail(`${key} must be an integer from 2 to 2048`);
  }
  for (const key of ['pixel_um', 'height_unit_um']) {
    if (!(typeof tryon[key] === 'number' && tryon[key] > 0)) fail(`${key} must be a positive number`);
  }
  if (!Array.isArray(tryon.frames) || tryon.frames.length === 0) fail('frames must be a non-empty list');
  tryon.frames.forEach((f, i) => {
    if (!f || typeof f.day !== 'number') fail(`frames[${i}].day missing`);
    if (!f.heights || typeof f.heights !== 'object') fail(`frames[${i}].heights missing`);
    for (const b of BANDS) {
      if (typeof f.heights[b] !== 'string') fail(`frames[${i}].heights.${b} must be a base64 string`);
    }
    if (i > 0 && !(f.day > tryon.frames[i - 1].day)) fail(`frames[${i}].day must be later than the frame before`);
  });
}

/// Decodes a base64 map of little-endian int16 into heights in um.
export function decodeHeights(b64, count, unitUm) {
  const bin = atob(b64);
  if (bin.length !== 2 * count) {
    throw new Error(`try-on data: a height map holds ${bin.length} bytes, expected ${2 * count}`);
  }
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    let v = bin.charCodeAt(2 * i) | (bin.charCodeAt(2 * i + 1) << 8);
    if (v >= 0x8000) v -= 0x10000;
    out[i] = v * unitUm;
  }
  return out;
}

const CSS = `
.cv{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b2430}
.cv-stage{position:relative;width:100%;border:1px solid #d8dee6;border-radius:6px;overflow:hidden;background:#f4f6f9}
.cv-stage canvas{display:block;width:100%;touch-action:none}
.cv-tag{position:absolute;top:8px;padding:2px 8px;border-radius:10px;background:rgba(255,255,255,.88);font-size:12px;font-weight:600;pointer-events:none}
.cv-tag-before{left:8px}.cv-tag-after{right:8px}
.cv-controls{display:flex;flex-wrap:wrap;gap:8px 20px;align-items:center;margin:10px 0 4px}
.cv-controls label{display:flex;gap:6px;align-items:center;font-size:13px}
.cv-controls input[type=range]{width:180px}
.cv-day{font-variant-numeric:tabular-nums;min-width:9em;font-weight:600}
.cv-metrics{border-collapse:collapse;font-size:13px;margin:6px 0;font-variant-numeric:tabular-nums}
.cv-metrics th,.cv-metrics td{border-bottom:1px solid #d8dee6;padding:3px 10px 3px 0;text-align:left}
.cv-metrics th{font-weight:600;color:#5b6675}
.cv-range{color:#5b6675}
.cv-note{font-size:13px;color:#344054;margin:6px 0 0}
.cv-error{color:#b42318;font-weight:600}
@media print{.cv-controls{display:none}}
`;

function injectCss(doc) {
  if (doc.getElementById('citsim-viewer-css')) return;
  const style = doc.createElement('style');
  style.id = 'citsim-viewer-css';
  style.textContent = CSS;
  doc.head.appendChild(style);
}

function el(doc, tag, attrs = {}, text = null) {
  const node = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== null) node.textContent = text;
  return node;
}

function fmt(v, unit) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return 'n/a';
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
  const s = v.toFixed(digits);
  return (unit.startsWith('%') && v > 0 ? '+' : '') + (/^-0(\.0+)?$/.test(s) ? s.slice(1) : s);
}

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function dayLabel(frame) {
  const plain = !frame.label || frame.label === 'before' ||
    frame.label.toLowerCase() === `day ${frame.day}`;
  return `Day ${frame.day}` + (plain ? '' : ` (${frame.label})`);
}

function tint(skin, erythema) {
  const e = Math.min(1, Math.max(0, Number(erythema) || 0));
  const w = 0.55 * e;  // full redness moves the colour a bit over half-way
  return skin.map((c, i) => Math.round((1 - w) * c + w * REDNESS_RGB[i]));
}

/// Mounts the viewer into `element` (emptied first). Options: height (px, default
/// half the width, 260..520), frame (initial after-frame, default the last),
/// band ('p50'), exaggeration (default tryon.exaggeration), pixelRatio,
/// dataNote (false: leave tryon.note out of the viewer's own note, when the
/// page shows it already).
/// Returns the viewer: { frame, band, exaggeration, setFrame, setBand,
/// setExaggeration, render, dispose, canvas }. Throws Error for bad data.
export function mount(element, tryon, options = {}) {
  const doc = element.ownerDocument;
  injectCss(doc);
  element.textContent = '';
  element.classList.add('cv');
  try {
    checkTryon(tryon);
  } catch (err) {
    element.appendChild(el(doc, 'p', { class: 'cv-error', role: 'alert' }, err.message));
    element.setAttribute('data-viewer', 'error');
    throw err;
  }

  const { nx, ny } = tryon;
  const frames = tryon.frames;
  const skin = Array.isArray(tryon.skin_rgb) && tryon.skin_rgb.length === 3
    ? tryon.skin_rgb.map((c) => Math.min(255, Math.max(0, Number(c) || 0)))
    : [224, 172, 140];
  const maps = new Map();  // "frame:band" -> Float32Array (um)
  const heightsOf = (i, band) => {
    const key = `${i}:${band}`;
    if (!maps.has(key)) maps.set(key, decodeHeights(frames[i].heights[band], nx * ny, tryon.height_unit_um));
    return maps.get(key);
  };
  heightsOf(0, 'p50');  // fail early on a bad map

  const state = {
    frame: Number.isInteger(options.frame) ? Math.min(Math.max(options.frame, 0), frames.length - 1)
                                           : frames.length - 1,
    band: BANDS.includes(options.band) ? options.band : 'p50',
    moved: false,
    exaggeration: Number(options.exaggeration) > 0 ? Number(options.exaggeration)
                                                   : Number(tryon.exaggeration) > 0 ? Number(tryon.exaggeration) : 4,
  };

  // ---- DOM: stage, controls, metrics, note.
  const uid = Math.random().toString(36).slice(2, 8);
  const stage = el(doc, 'div', { class: 'cv-stage' });
  const tagBefore = el(doc, 'span', { class: 'cv-tag cv-tag-before' });
  const tagAfter = el(doc, 'span', { class: 'cv-tag cv-tag-after' });
  element.appendChild(stage);

  const controls = el(doc, 'div', { class: 'cv-controls' });
  const time = el(doc, 'input', {
    type: 'range', min: '0', max: String(frames.length - 1), step: '1', value: String(state.frame),
    'aria-label': 'Day shown on the right (after)', 'data-control': 'frame', id: `cv-frame-${uid}`,
  });
  const timeText = el(doc, 'output', { class: 'cv-day', for: time.id });
  const timeLabel = el(doc, 'label', {}, 'After: ');
  timeLabel.append(time, timeText);
  const band = el(doc, 'select', { 'aria-label': 'Ensemble percentile', 'data-control': 'band' });
  for (const b of BANDS) {
    const opt = el(doc, 'option', { value: b }, BAND_LABELS[b]);
    if (b === state.band) opt.selected = true;
    band.appendChild(opt);
  }
  const bandLabel = el(doc, 'label', {}, 'Outcome: ');
  bandLabel.appendChild(band);
  const exag = el(doc, 'input', {
    type: 'range', min: '1', max: '20', step: '0.5', value: String(state.exaggeration),
    'aria-label': 'Vertical exaggeration', 'data-control': 'exaggeration',
  });
  const exagText = el(doc, 'output', { class: 'cv-day' });
  const exagLabel = el(doc, 'label', {}, 'Relief \u00d7');
  exagLabel.append(exag, exagText);
  controls.append(timeLabel, bandLabel, exagLabel);
  element.appendChild(controls);

  const metrics = el(doc, 'table', { class: 'cv-metrics', 'aria-label': 'Predicted surface measures' });
  element.appendChild(metrics);
  const note = el(doc, 'p', { class: 'cv-note', role: 'note' });
  element.appendChild(note);

  // ---- three.js scene: two patches side by side, in mm.
  const widthMm = ((nx - 1) * tryon.pixel_um) / 1000;
  const depthMm = ((ny - 1) * tryon.pixel_um) / 1000;
  const gapMm = 0.14 * widthMm;
  let renderer = null;
  try {
    renderer = new WebGLRenderer({ antialias: true, preserveDrawingBuffer: true, alpha: false });
  } catch (err) {
    renderer = null;
  }
  const scene = new Scene();
  scene.background = new Color(BACKGROUND);
  const camera = new PerspectiveCamera(35, 2, widthMm / 100, widthMm * 40);
  const patches = [];
  for (const side of [-1, 1]) {
    const geometry = new PlaneGeometry(widthMm, depthMm, nx - 1, ny - 1);
    geometry.rotateX(-Math.PI / 2);  // lie flat: rows run far (row 0) to near, heights along +y
    geometry.setAttribute('position', new BufferAttribute(geometry.attributes.position.array.slice(), 3));
    const material = new MeshStandardMaterial({ roughness: 0.62, metalness: 0.0 });
    const mesh = new Mesh(geometry, material);
    mesh.position.x = side * (widthMm + gapMm) / 2;
    scene.add(mesh);
    patches.push(mesh);
  }
  scene.add(new HemisphereLight(0xffffff, 0x8d7b70, 1.1));
  const sun = new DirectionalLight(0xffffff, 2.2);
  sun.position.set(-widthMm, 0.55 * widthMm, 0.5 * widthMm);  // low, from the left: relief casts shading
  scene.add(sun);

  let orbit = null;
  let observer = null;
  const render = () => { if (renderer) renderer.render(scene, camera); };

  // Frames both patches at about 55 degrees elevation, until the user turns the view.
  const frameCamera = () => {
    const halfWidth = 0.5 * (2 * widthMm + gapMm) * 1.08;
    const tanV = Math.tan((camera.fov * Math.PI) / 360);
    const fit = Math.max(halfWidth / (tanV * camera.aspect), 0.75 * depthMm / tanV);
    const elevation = 0.95;  // rad
    camera.position.set(0, fit * Math.sin(elevation), fit * Math.cos(elevation));
    camera.lookAt(0, 0, 0);
    if (orbit) orbit.update();
  };

  const setSize = () => {
    const w = Math.max(200, Math.round(stage.clientWidth || element.clientWidth || 640));
    const h = Number(options.height) > 0 ? Number(options.height) : Math.min(460, Math.max(240, Math.round(w * 0.42)));
    if (renderer) renderer.setSize(w, h, true);
    stage.style.height = `${h}px`;
    camera.aspect = w / h;
    camera.updateProjectionMatrix();
    if (!state.moved) frameCamera();
    render();
  };

  if (renderer) {
    renderer.setPixelRatio(Number(options.pixelRatio) > 0 ? Number(options.pixelRatio)
                                                          : Math.min(2, globalThis.devicePixelRatio || 1));
    renderer.outputColorSpace = SRGBColorSpace;
    renderer.domElement.setAttribute('aria-label',
      'Predicted skin surface in 3D: before on the left, after on the right; drag to turn, scroll to zoom');
    renderer.domElement.setAttribute('role', 'img');
    renderer.domElement.setAttribute('data-tryon-canvas', '');
    stage.append(renderer.domElement, tagBefore, tagAfter);
    orbit = new OrbitControls(camera, renderer.domElement);
    orbit.target.set(0, 0, 0);
    orbit.maxPolarAngle = 0.48 * Math.PI;
    orbit.minDistance = 0.4 * widthMm;
    orbit.maxDistance = 12 * widthMm;
    orbit.addEventListener('start', () => { state.moved = true; });
    orbit.addEventListener('change', render);
  } else {
    stage.append(el(doc, 'p', { class: 'cv-error', role: 'alert' },
      'The 3D view needs WebGL, which this browser did not provide; the measures below still apply.'));
    stage.append(tagBefore, tagAfter);
  }

  function displace(mesh, heightsUm) {
    const pos = mesh.geometry.attributes.position;
    const scale = state.exaggeration / 1000;  // um -> mm, exaggerated
    for (let k = 0; k < heightsUm.length; k++) pos.setY(k, heightsUm[k] * scale);
    pos.needsUpdate = true;
    mesh.geometry.computeVertexNormals();
    mesh.geometry.computeBoundingSphere();
  }

  function colour(mesh, frame) {
    const e = frame.erythema ? frame.erythema[state.band] : 0;
    const [r, g, b] = tint(skin, e);
    mesh.material.color.setRGB(r / 255, g / 255, b / 255, SRGBColorSpace);
  }

  function metricCell(values, unit) {
    if (!values || typeof values !== 'object') return 'n/a';
    return `${fmt(values[state.band], unit)} ` +
      `<span class="cv-range">(P10 ${fmt(values.p10, unit)}, P90 ${fmt(values.p90, unit)})</span>`;
  }

  function updateText() {
    const f = frames[state.frame];
    const bandShort = state.band.toUpperCase();
    tagBefore.textContent = `Before \u00b7 ${dayLabel(frames[0])}`;
    tagAfter.textContent = `After \u00b7 ${dayLabel(f)} \u00b7 ${bandShort}`;
    timeText.textContent = dayLabel(f);
    exagText.textContent = `${state.exaggeration}`;
    time.value = String(state.frame);
    band.value = state.band;
    const unitHead = (key) => (METRIC_LABELS[key] || [key.replace(/_/g, ' '), ''])[1];
    const rows = [];
    const keys = Object.keys(f.metrics || {});
    for (const key of keys) {
      if (key === 'goodman_baron_grade' || key === 'lemperle_grade') continue;  // grades: own rows below
      const [label, unit] = METRIC_LABELS[key] || [key.replace(/_/g, ' '), unitHead(key)];
      const before = frames[0].metrics && frames[0].metrics[key] ? frames[0].metrics[key][state.band] : undefined;
      rows.push(`<tr data-metric="${escapeHtml(key)}"><th scope="row">${escapeHtml(label)}` +
        `${unit ? ` (${escapeHtml(unit)})` : ''}</th>` +
        `<td>${fmt(before, unit)}</td><td>${metricCell(f.metrics[key], unit)}</td></tr>`);
    }
    for (const [gkey, glabel] of [['goodman_baron_grade', 'Goodman &amp; Baron grade (estimate)'],
      ['lemperle_grade', 'Lemperle wrinkle grade (estimate)']]) {
      const grade = (frame, b) => frame.metrics && frame.metrics[gkey] ? frame.metrics[gkey][b] : undefined;
      if (!grade(f, state.band)) continue;
      const cell = (g) => (g ? `${g.grade} (${escapeHtml(g.name)})` : '');
      const now = grade(f, state.band);
      rows.push(`<tr data-metric="${gkey}"><th scope="row">${glabel}</th>` +
        `<td title="${escapeHtml(grade(frames[0], state.band)?.reason || '')}">${cell(grade(frames[0], state.band))}</td>` +
        `<td title="${escapeHtml(now.reason)}">${cell(now)} <span class="range">(P10 ${cell(grade(f, 'p10'))}, ` +
        `P90 ${cell(grade(f, 'p90'))})</span></td></tr>`);
    }
    if (f.erythema) {
      const before = frames[0].erythema ? frames[0].erythema[state.band] : undefined;
      rows.push(`<tr data-metric="erythema"><th scope="row">Redness (0 none, 1 strongest)</th>` +
        `<td>${fmt(before, '')}</td><td>${metricCell(f.erythema, '')}</td></tr>`);
    }
    metrics.innerHTML = `<thead><tr><th scope="col">Measure</th><th scope="col">Before (day ${frames[0].day})</th>` +
      `<th scope="col">${escapeHtml(dayLabel(f))}: ${bandShort} (range)</th></tr></thead><tbody>${rows.join('')}</tbody>`;
    const lesions = Array.isArray(tryon.lesions) ? tryon.lesions.length : 0;
    note.textContent = (tryon.note && options.dataNote !== false ? `${tryon.note} ` : '') +
      `A model prediction with a range (P10 to P90 of the ensemble), not a promise. ` +
      `Patch ${(nx * tryon.pixel_um / 1000).toFixed(1)} \u00d7 ${(ny * tryon.pixel_um / 1000).toFixed(1)} mm` +
      (lesions ? `, ${lesions} scar${lesions === 1 ? '' : 's'}` : '') +
      (tryon.lines ? `, fine lines ${Math.round(tryon.lines.depth_um)} \u00b5m deep` : '') +
      (!lesions && !tryon.lines ? ', microrelief only' : '') +
      `; heights drawn \u00d7${state.exaggeration}, colours illustrative.`;
    element.setAttribute('data-frame', String(state.frame));
    element.setAttribute('data-band', state.band);
  }

  function update() {
    displace(patches[0], heightsOf(0, state.band));
    displace(patches[1], heightsOf(state.frame, state.band));
    colour(patches[0], frames[0]);
    colour(patches[1], frames[state.frame]);
    updateText();
    render();
  }

  const viewer = {
    get frame() { return state.frame; },
    get band() { return state.band; },
    get exaggeration() { return state.exaggeration; },
    frames: frames.length,
    canvas: renderer ? renderer.domElement : null,
    setFrame(i) {
      const n = Number(i);
      if (!Number.isInteger(n) || n < 0 || n >= frames.length) {
        throw new Error(`try-on: frame ${i} out of range 0..${frames.length - 1}`);
      }
      state.frame = n;
      update();
    },
    setBand(b) {
      if (!BANDS.includes(b)) throw new Error(`try-on: band ${b} is not one of ${BANDS.join(', ')}`);
      state.band = b;
      update();
    },
    setExaggeration(x) {
      const v = Number(x);
      if (!(v > 0 && v <= 100)) throw new Error(`try-on: exaggeration ${x} must be in (0, 100]`);
      state.exaggeration = v;
      update();
    },
    render,
    dispose() {
      if (observer) observer.disconnect();
      if (orbit) orbit.dispose();
      for (const m of patches) { m.geometry.dispose(); m.material.dispose(); }
      if (renderer) renderer.dispose();
      element.textContent = '';
      element.removeAttribute('data-viewer');
    },
  };

  time.addEventListener('input', () => viewer.setFrame(Number(time.value)));
  band.addEventListener('change', () => viewer.setBand(band.value));
  exag.addEventListener('input', () => viewer.setExaggeration(Number(exag.value)));

  setSize();
  update();
  if (typeof ResizeObserver === 'function') {
    let lastWidth = stage.clientWidth;
    observer = new ResizeObserver(() => {
      if (stage.clientWidth !== lastWidth) { lastWidth = stage.clientWidth; setSize(); }
    });
    observer.observe(stage);
  }
  element.citsimViewer = viewer;
  element.setAttribute('data-viewer', renderer ? 'ready' : 'no-webgl');
  return viewer;
}
