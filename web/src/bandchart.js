// The P10-P90 band chart of predicted courses, one chart per observable,
// shared by report.html (web/src/report/charts.js) and the `citsim serve`
// page (web/src/app.js). Per course: the median (P50) line and the band from
// the 10th to the 90th percentile of the ensemble, shaded for the focus course
// (the first one shown) or for every course shown; dashed verticals at the
// focus course's sessions; tooltips with the median and its range.
//
//   const band = bandChart(Chart, canvas, { courses, observable, unit });
//   band.setVisible(1, false); band.setAllBands(true); band.destroy();
//
// `courses` are plan.json's predictions.courses (label, days, sessions,
// interval_days, series[observable].p10/p50/p90). Chart.js comes in as
// `Chart` (the report inlines its UMD build, the serve page bundles it), so
// this module holds no library; Chart must have the line controller, the
// linear scale, Filler, Legend and Tooltip registered.

/// The course colours (the report's CSS variables --c0 ... --c5).
export const PALETTE = ['#1f5f99', '#c2410c', '#15803d', '#7e22ce', '#a16207', '#0e7490'];

/// "rgba(r,g,b,a)" from "#rrggbb".
export function rgba(hex, a) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${a})`;
}

/// A value for a tooltip: percentages signed with one decimal, others two.
export function formatValue(v, unit) {
  if (typeof v !== 'number' || !isFinite(v)) return 'n/a';
  return unit && unit.indexOf('%') >= 0 ? (v > 0 ? '+' : '') + v.toFixed(1) + '%' : v.toFixed(2);
}

/// Draws the chart of `observable` for `courses` on `canvas`. Options:
///   unit      the observable's unit (y-axis title, tooltip format)
///   palette   course colours (default PALETTE)
///   yTitle    the y-axis title (default: the unit)
///   onToggle  (course, on) => ..., called when a course is clicked in the
///             legend (default: show or hide it in this chart)
/// Returns { chart, setVisible(course, on), setAllBands(on), resize(), destroy() }.
export function bandChart(Chart, canvas, options) {
  const { courses, observable: id, unit = '', palette = PALETTE } = options;
  const yTitle = options.yTitle ?? unit;
  const visible = courses.map(() => true);
  let allBands = false;

  // The course whose band and sessions are drawn: the first one shown.
  const focus = () => visible.indexOf(true);
  const colour = (i) => palette[i % palette.length];

  function applyVisibility(chart) {
    const f = focus();
    for (const d of chart.data.datasets) {
      const on = visible[d.course];
      if (d.role === 'p50') {
        d.hidden = !on;
        d.borderWidth = d.course === f ? 2.6 : 1.6;
      } else {
        d.hidden = !(on && (allBands || d.course === f));
        if (d.role === 'band') d.backgroundColor = rgba(colour(d.course), d.course === f ? 0.22 : 0.1);
      }
    }
  }

  // Dashed vertical lines at the sessions of the focus course.
  const sessionLines = {
    id: 'sessionLines',
    beforeDatasetsDraw(chart) {
      const f = focus();
      if (f < 0) return;
      const c = courses[f], x = chart.scales.x, area = chart.chartArea, ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = rgba(colour(f), 0.55);
      ctx.fillStyle = colour(f);
      ctx.lineWidth = 1;
      ctx.setLineDash([4, 4]);
      ctx.font = '10px sans-serif';
      ctx.textAlign = 'center';
      for (let k = 0; k < (c.sessions || 0); k++) {
        const px = x.getPixelForValue(k * (c.interval_days || 0));
        if (px < area.left - 1 || px > area.right + 1) continue;
        ctx.beginPath(); ctx.moveTo(px, area.top + 12); ctx.lineTo(px, area.bottom); ctx.stroke();
        ctx.fillText('S' + (k + 1), px, area.top + 9);
      }
      ctx.restore();
    },
  };

  const datasets = [];
  let maxDay = 0, peak = 0, lastActive = 0;
  courses.forEach((c, i) => {
    const s = c.series && c.series[id];
    if (!s || !c.days) return;
    const pts = (arr) => c.days.map((d, k) => ({ x: d, y: arr[k] }));
    maxDay = Math.max(maxDay, c.days[c.days.length - 1] || 0);
    for (const v of s.p90) peak = Math.max(peak, Math.abs(v));
    const common = { pointRadius: 0, tension: 0, course: i };
    datasets.push({ label: c.label + ' (P10)', role: 'p10', data: pts(s.p10),
      borderWidth: 0, borderColor: 'transparent', pointHoverRadius: 0, fill: false, ...common });
    datasets.push({ label: c.label + ' (P10 to P90)', role: 'band', data: pts(s.p90),
      borderWidth: 0, borderColor: 'transparent', pointHoverRadius: 0, fill: '-1', ...common });
    datasets.push({ label: c.label, role: 'p50', data: pts(s.p50),
      borderColor: colour(i), backgroundColor: colour(i), pointHoverRadius: 3, fill: false, ...common });
  });
  // A transient observable (redness, open channels) is shown up to two
  // weeks after it last exceeds 1% of its peak, so its spikes stay legible.
  for (const c of courses) {
    const s = c.series && c.series[id];
    if (!s || !c.days) continue;
    s.p90.forEach((v, k) => { if (Math.abs(v) > 0.01 * peak) lastActive = Math.max(lastActive, c.days[k]); });
  }
  const xMax = Math.min(maxDay, lastActive + 14);

  const band = {
    chart: null,
    setVisible(course, on) { visible[course] = on; band.redraw(); },
    setAllBands(on) { allBands = on; band.redraw(); },
    redraw() { applyVisibility(band.chart); band.chart.update(); },
    resize() { band.chart.resize(); },
    destroy() { band.chart.destroy(); },
  };
  const toggle = options.onToggle || ((course, on) => band.setVisible(course, on));

  band.chart = new Chart(canvas, {
    type: 'line',
    data: { datasets },
    plugins: [sessionLines],
    options: {
      animation: false,
      parsing: false,
      normalized: true,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: {
        x: { type: 'linear', min: 0, max: Math.ceil(xMax / 30) * 30,
             title: { display: true, text: 'Days after the first session' },
             ticks: { stepSize: 30 }, grid: { color: '#e7ebf0' } },
        y: { title: { display: true, text: yTitle }, grid: { color: '#e7ebf0' } },
      },
      plugins: {
        legend: {
          position: 'top', align: 'start',
          labels: { boxWidth: 14, boxHeight: 8,
                    filter: (item, data) => data.datasets[item.datasetIndex].role === 'p50' },
          onClick: (e, item, legend) => {
            const c = legend.chart.data.datasets[item.datasetIndex].course;
            toggle(c, !visible[c]);
          },
        },
        tooltip: {
          filter: (item) => item.dataset.role === 'p50',
          callbacks: {
            title: (items) => (items.length ? 'Day ' + (+items[0].parsed.x).toFixed(1).replace(/\.0$/, '') : ''),
            label: (item) => {
              const c = courses[item.dataset.course], s = c.series[id], k = item.dataIndex;
              return c.label + ': ' + formatValue(s.p50[k], unit) + ' (P10 ' + formatValue(s.p10[k], unit) +
                ', P90 ' + formatValue(s.p90[k], unit) + ')';
            },
          },
        },
      },
    },
  });
  band.redraw();
  return band;
}
