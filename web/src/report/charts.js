// The report's prediction charts: the shared band chart (../bandchart.js) on
// every canvas[data-observable] of report.html, drawn from the plan embedded
// in the page (script#citsim-plan), with the course picker and the "every
// band" switch shared by all charts. Chart.js is the UMD build the report
// inlines before this script (global Chart). Sets <html data-charts="ready">
// (or "none") when done.
import { bandChart } from '../bandchart.js';

export function drawCharts() {
  const Chart = window.Chart;
  const root = document.documentElement;
  const plan = JSON.parse(document.getElementById('citsim-plan').textContent);
  const pred = plan.predictions;
  const canvases = document.querySelectorAll('canvas[data-observable]');
  if (!pred || !pred.courses || canvases.length === 0 || typeof Chart === 'undefined') {
    root.setAttribute('data-charts', 'none');
    return;
  }
  const css = getComputedStyle(root);
  const palette = [0, 1, 2, 3, 4, 5].map((i) => css.getPropertyValue('--c' + i).trim() || '#1f5f99');
  const unitOf = {};
  for (const o of pred.observables || []) unitOf[o.id] = o.unit || '';

  const charts = [];
  function setVisible(course, on) {
    const box = document.querySelector('input[data-course="' + course + '"]');
    if (box) box.checked = on;
    for (const c of charts) c.setVisible(course, on);
  }
  for (const canvas of canvases) {
    const id = canvas.getAttribute('data-observable');
    charts.push(bandChart(Chart, canvas, {
      courses: pred.courses, observable: id, unit: unitOf[id] || '', palette, onToggle: setVisible,
    }));
  }
  for (const box of document.querySelectorAll('input[data-course]')) {
    box.addEventListener('change', () => setVisible(+box.getAttribute('data-course'), box.checked));
  }
  const bands = document.getElementById('all-bands');
  if (bands) bands.addEventListener('change', () => { for (const c of charts) c.setAllBands(bands.checked); });
  const resize = () => { for (const c of charts) c.resize(); };
  window.addEventListener('beforeprint', resize);
  window.addEventListener('afterprint', resize);
  root.setAttribute('data-charts', 'ready');
}
