// The report's "years after" chart: plan.long_view drawn with the shared
// band chart (../bandchart.js), its three curves as three "courses".
import { bandChart } from '../bandchart.js';

export function drawLongView() {
  const Chart = window.Chart;
  const canvas = document.querySelector('canvas[data-long-view]');
  if (!canvas || typeof Chart === 'undefined') return;
  const plan = JSON.parse(document.getElementById('citsim-plan').textContent);
  const view = plan.long_view;
  if (!view || !view.curves || !view.days) return;
  const curve = (name, label) => {
    const c = view.curves[name] || {};
    const mid = c.p50 || c.nominal || [];
    return {
      label,
      days: view.days,
      sessions: 0,
      series: { collagen: { p10: c.p10 || mid, p50: mid, p90: c.p90 || mid } },
    };
  };
  const courses = [
    curve('treated', 'With maintenance'),
    curve('course_only', 'Course only'),
    curve('untreated', 'Untreated'),
  ];
  const css = getComputedStyle(document.documentElement);
  const palette = [0, 1, 2, 3, 4, 5].map((i) => css.getPropertyValue('--c' + i).trim() || '#1f5f99');
  const chart = bandChart(Chart, canvas, {
    courses, observable: 'collagen', unit: '% vs untreated at day 0', palette,
  });
  chart.setAllBands(true);
}
