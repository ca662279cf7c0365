// The `citsim serve` page: two slots (A and B) side by side, each holding a
// case (picked from the bundled examples or pasted), a form for its key
// fields that rewrites the TOML text, and the plan the server returns:
// screening outcome and reasons, the plan summary, the predicted collagen
// course with its P10-P90 band (the report's band chart, bandchart.js), and
// the try-on viewer when the plan has one.
import {
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { bandChart } from './bandchart.js';
import { mount } from './viewer.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, Filler, Legend, Tooltip);

// The form's fields: [table, key, label, input attributes].
export const FIELDS = [
  ['device', 'needle_length_mm', 'Needle length (mm)', { step: '0.05', min: '0.1', max: '3.5' }],
  ['device', 'passes', 'Passes', { step: '1', min: '1' }],
  ['protocol', 'sessions', 'Sessions', { step: '1', min: '1' }],
  ['protocol', 'interval_days', 'Interval (days)', { step: '1', min: '1' }],
  ['protocol', 'follow_up_days', 'Follow-up (days)', { step: '1', min: '0' }],
  ['patient', 'age_years', 'Patient age (years)', { step: '1', min: '0' }],
  ['patient', 'fitzpatrick', 'Fitzpatrick (1-6)', { step: '1', min: '1', max: '6' }],
];

// ------------------------------------------------------------ TOML text --
// The form edits only `key = number` lines of plain [table]s; everything
// else in the text (comments, other keys, arrays of tables) is kept as typed.

const HEADER = /^\s*\[\s*([A-Za-z0-9_.-]+)\s*\]\s*(#.*)?$/;
const ANY_HEADER = /^\s*\[/;

function sectionBounds(lines, table) {
  const start = lines.findIndex((l) => {
    const m = HEADER.exec(l);
    return m && m[1] === table;
  });
  if (start < 0) return null;
  let end = start + 1;
  while (end < lines.length && !ANY_HEADER.test(lines[end])) end++;
  return [start, end];
}

function keyPattern(key) {
  return new RegExp(`^(\\s*${key}\\s*=\\s*)([^#\\s]*)(.*)$`);
}

/// The value text of `key` in `[table]`, or null.
export function readTomlValue(text, table, key) {
  const lines = text.split('\n');
  const b = sectionBounds(lines, table);
  if (!b) return null;
  const re = keyPattern(key);
  for (let i = b[0] + 1; i < b[1]; i++) {
    const m = re.exec(lines[i]);
    if (m) return m[2];
  }
  return null;
}

/// `text` with `key = value` set in `[table]` (the line replaced, its comment
/// kept; added at the end of the table, or a new table at the end).
export function setTomlValue(text, table, key, value) {
  const lines = text.split('\n');
  const b = sectionBounds(lines, table);
  if (!b) {
    const tail = text.length === 0 || text.endsWith('\n') ? '' : '\n';
    return `${text}${tail}\n[${table}]\n${key} = ${value}\n`;
  }
  const re = keyPattern(key);
  for (let i = b[0] + 1; i < b[1]; i++) {
    const m = re.exec(lines[i]);
    if (m) {
      lines[i] = m[1] + value + m[3];
      return lines.join('\n');
    }
  }
  let at = b[1];
  while (at > b[0] + 1 && lines[at - 1].trim() === '') at--;
  lines.splice(at, 0, `${key} = ${value}`);
  return lines.join('\n');
}

// ------------------------------------------------------------- helpers --

function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'text') node.textContent = v;
    else if (v !== false && v !== null && v !== undefined) node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) node.append(c);
  return node;
}

/// The server's one-line message for a failed request.
async function callApi(path, body) {
  const init = body === undefined ? {} : {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  };
  let res;
  try {
    res = await fetch(path, init);
  } catch (err) {
    throw new Error(`cannot reach the citsim server (${err.message})`);
  }
  let data = null;
  try {
    data = await res.json();
  } catch {
    throw new Error(`${path}: HTTP ${res.status}, not JSON`);
  }
  if (!res.ok) throw new Error(data && data.error ? data.error : `${path}: HTTP ${res.status}`);
  return data;
}

function words(s) { return String(s ?? '').replace(/_/g, ' '); }

function rangeText(r, unit = '') {
  if (!Array.isArray(r) || r.length !== 2) return '';
  return (r[0] === r[1] ? `${r[0]}` : `${r[0]}\u2013${r[1]}`) + unit;
}

// --------------------------------------------------------------- slots --

class Slot {
  constructor(name, examples, root) {
    this.name = name;
    this.examples = examples;
    this.chart = null;
    this.viewer = null;
    this.plan = null;
    this.runs = 0;
    this.build(root);
  }

  build(root) {
    const n = this.name;
    this.section = h('section', { class: 'slot', id: `slot-${n}`, 'data-slot': n, 'aria-labelledby': `slot-${n}-h` });
    this.section.append(h('h2', { id: `slot-${n}-h` }, h('span', { class: 'tag', text: n }), `Plan ${n}`));

    this.example = h('select', { 'data-role': 'example', 'aria-label': `Example case for plan ${n}` },
      h('option', { value: '', text: 'Pick an example case\u2026' }));
    for (const ex of this.examples) this.example.append(h('option', { value: ex.name, text: ex.name }));
    this.example.addEventListener('change', () => {
      const ex = this.examples.find((e) => e.name === this.example.value);
      if (ex) this.setToml(ex.toml);
    });
    const row = h('div', { class: 'row' }, this.example);
    if (n === 'B') {
      const copy = h('button', { type: 'button', class: 'secondary', 'data-role': 'copy-a', text: 'Copy case from A' });
      copy.addEventListener('click', () => this.onCopy && this.onCopy());
      row.append(copy);
    }
    this.section.append(row);

    const fields = h('div', { class: 'fields' });
    this.inputs = new Map();
    for (const [table, key, label, attrs] of FIELDS) {
      const input = h('input', { type: 'number', name: key, 'data-table': table, 'data-key': key, ...attrs });
      input.addEventListener('input', () => this.formToToml(table, key, input));
      this.inputs.set(`${table}.${key}`, input);
      fields.append(h('label', {}, label, input));
    }
    this.section.append(h('fieldset', {}, h('legend', { text: 'Key fields (rewrite the case text)' }), fields));

    this.toml = h('textarea', { 'data-role': 'toml', spellcheck: 'false', 'aria-label': `Case TOML for plan ${n}` });
    this.toml.addEventListener('input', () => this.tomlToForm());
    this.section.append(h('details', { open: true }, h('summary', { text: 'Case file (TOML, editable)' }), this.toml));

    this.start = h('input', { type: 'date', 'data-role': 'start', 'aria-label': 'First session date' });
    this.run = h('button', { type: 'button', 'data-role': 'run', text: 'Run plan' });
    this.run.addEventListener('click', () => this.runPlan());
    this.section.append(h('div', { class: 'row' }, h('label', { class: 'small muted' }, 'First session ', this.start), this.run));

    this.status = h('div', { 'data-role': 'status', 'aria-live': 'polite' });
    this.result = h('div', { 'data-role': 'result' });
    this.section.append(this.status, this.result);
    root.append(this.section);
  }

  setToml(text) {
    this.toml.value = text;
    this.tomlToForm();
  }

  tomlToForm() {
    for (const [table, key] of FIELDS) {
      const v = readTomlValue(this.toml.value, table, key);
      const input = this.inputs.get(`${table}.${key}`);
      if (document.activeElement !== input) input.value = v !== null && /^-?[0-9.eE+]+$/.test(v) ? v : '';
    }
  }

  formToToml(table, key, input) {
    const v = input.value.trim();
    if (v === '' || !Number.isFinite(Number(v))) return;  // leave the text alone while typing
    // needle length is a float in the case format; the others are integers
    const value = key === 'needle_length_mm' && !/[.eE]/.test(v) ? `${v}.0` : v;
    this.toml.value = setTomlValue(this.toml.value, table, key, value);
  }

  async runPlan() {
    this.run.disabled = true;
    this.status.className = 'busy';
    this.status.textContent = 'Planning\u2026';
    this.section.setAttribute('data-state', 'running');
    const body = { case_toml: this.toml.value };
    if (this.start.value) body.start = this.start.value;
    try {
      const { plan } = await callApi('/api/plan', body);
      this.status.className = '';
      this.status.textContent = '';
      this.result.classList.remove('stale');
      this.show(plan);
      this.runs++;
      this.section.setAttribute('data-state', 'done');
    } catch (err) {
      this.status.className = 'error';
      this.status.setAttribute('role', 'alert');
      this.status.textContent = String(err.message).split('\n')[0];
      this.result.classList.add('stale');  // the last good result stays, dimmed
      this.section.setAttribute('data-state', 'error');
    } finally {
      this.section.setAttribute('data-runs', String(this.runs));
      this.run.disabled = false;
    }
  }

  clear() {
    if (this.chart) { this.chart.destroy(); this.chart = null; }
    if (this.viewer) { this.viewer.dispose(); this.viewer = null; }
    this.result.textContent = '';
  }

  show(plan) {
    this.clear();
    this.plan = plan;
    const s = plan.screening || {};
    const out = this.result;
    const outcome = s.outcome || 'unknown';
    out.append(h('div', { class: `outcome outcome-${outcome}`, 'data-role': 'outcome', text: `Screening: ${outcome}` }));
    const reasons = Array.isArray(s.reasons) ? s.reasons : [];
    if (reasons.length) {
      const ul = h('ul', { class: 'reasons', 'data-role': 'reasons' });
      for (const r of reasons) {
        ul.append(h('li', {}, h('span', { class: `badge badge-${r.level}`, text: String(r.level || '').toUpperCase() }),
          `${r.message || ''} `, h('span', { class: 'muted small', text: `(${r.rule_id || ''})` })));
      }
      out.append(ul);
    } else {
      out.append(h('p', { class: 'muted small', text: 'No screening rule fired.' }));
    }
    if (s.stopped) {
      out.append(h('p', { class: 'error', 'data-role': 'refusal', text: 'Treatment not proposed: screening stopped microneedling.' }));
      return;
    }
    this.showSummary(plan);
    this.showChart(plan);
    this.showTryon(plan);
    if (plan.disclaimer) out.append(h('p', { class: 'decision', text: plan.disclaimer }));
  }

  showSummary(plan) {
    const p = plan.protocol || {};
    const zone = Array.isArray(p.zones) && p.zones.length ? p.zones[0] : null;
    const dl = h('dl', { class: 'summary', 'data-role': 'summary' });
    const item = (k, v) => { if (v !== '' && v !== undefined && v !== null) dl.append(h('dt', { text: k }), h('dd', { text: String(v) })); };
    const followed = p.course_followed;
    if (followed) item('Course followed', `${followed.sessions} sessions every ${followed.interval_days} days (${words(followed.choice)})`);
    if (zone) {
      item('Zone, indication', `${words(zone.zone)}, ${words(zone.indication)}`);
      const g = zone.as_given || {};
      item('As given', `${g.device || ''} ${g.needle_length_mm ?? ''} mm, ${g.passes ?? '?'} passes, ` +
        `${g.sessions ?? '?'} sessions every ${g.interval_days ?? '?'} days, follow-up ${g.follow_up_days ?? '?'} days`);
      const pr = zone.proposed || {};
      const depth = pr.needle_depth ? rangeText(pr.needle_depth.range_mm, ' mm') : '';
      const sessions = pr.sessions ? rangeText(pr.sessions.range) : '';
      const interval = pr.interval_days ? rangeText(pr.interval_days.range, ' days') : '';
      item('Proposed', [pr.device && pr.device.kind, depth && `depth ${depth}`, sessions && `${sessions} sessions`,
        interval && `every ${interval}`].filter(Boolean).join(', '));
      if (Array.isArray(zone.differences) && zone.differences.length) item('Differences', zone.differences.join('; '));
    }
    const costs = plan.costs;
    if (costs && Array.isArray(costs.by_provider) && costs.by_provider.length) {
      item('Cost of the course', costs.by_provider.map((c) => `${words(c.provider)} ${costs.currency} ${rangeText(
        Array.isArray(c.total) ? c.total.map((v) => Math.round(v).toLocaleString('en-US')) : c.total)}`).join('; '));
    }
    this.result.append(h('h3', { text: 'Proposed plan' }), dl);
  }

  showChart(plan) {
    const pred = plan.predictions;
    const course = pred && Array.isArray(pred.courses) && pred.courses.length ? pred.courses[0] : null;
    const series = course && course.series ? course.series.collagen_change_pct : null;
    this.result.append(h('h3', { text: 'Predicted dermal collagen (P10\u2013P90 band, median line)' }));
    if (!series) {
      this.result.append(h('p', { class: 'muted', text: `Not available: ${plan.predictions_status || 'no predictions in this plan'}.` }));
      return;
    }
    const canvas = h('canvas', { 'data-role': 'collagen-chart', 'aria-label': `Predicted collagen change, ${course.label}` });
    this.result.append(h('p', { class: 'small muted', text: `${course.label}; % vs untreated skin; day 0 is the first session.` }),
      h('div', { class: 'chart-box' }, canvas));
    const observable = (pred.observables || []).find((o) => o.id === 'collagen_change_pct');
    this.chart = bandChart(Chart, canvas, {
      courses: [course],
      observable: 'collagen_change_pct',
      unit: observable ? observable.unit : '%',
      yTitle: 'Collagen change (%)',
    });
  }

  showTryon(plan) {
    if (!plan.tryon) return;  // older plans and stopped patients have none
    const box = h('div', { 'data-role': 'tryon' });
    this.result.append(h('h3', { text: 'Try-on: predicted skin surface' }), box);
    try {
      this.viewer = mount(box, plan.tryon, { height: 300 });
    } catch (err) {
      // mount() has already shown the message in the box
      this.viewer = null;
    }
  }
}

async function main() {
  const root = document.getElementById('slots');
  let examples = [];
  let loadError = null;
  try {
    examples = (await callApi('/api/examples')).examples || [];
  } catch (err) {
    loadError = err.message;
  }
  const a = new Slot('A', examples, root);
  const b = new Slot('B', examples, root);
  b.onCopy = () => b.setToml(a.toml.value);
  if (loadError) {
    a.status.className = 'error';
    a.status.textContent = loadError;
  }
  const first = examples.find((e) => e.name === 'pen-cheek-rejuvenation') || examples[0];
  if (first) {
    for (const slot of [a, b]) {
      slot.example.value = first.name;
      slot.setToml(first.toml);
    }
  }
  window.citsimApp = { slots: { A: a, B: b } };
  document.documentElement.setAttribute('data-app', 'ready');
}

main();
