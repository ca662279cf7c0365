// The report's prediction charts: one Chart.js line chart per canvas
// [data-observable] of report.html, drawn from the plan embedded in the page
// (script#citsim-plan), with the course picker and the "every band" switch.
// Chart.js is the UMD build the report inlines before this script (global
// Chart). Sets <html data-charts="ready"> (or "none") when done.

export function drawCharts() {
  var Chart = window.Chart;
  var root = document.documentElement;
  var plan = JSON.parse(document.getElementById('citsim-plan').textContent);
  var pred = plan.predictions;
  var canvases = document.querySelectorAll('canvas[data-observable]');
  if (!pred || !pred.courses || canvases.length === 0 || typeof Chart === 'undefined') {
    root.setAttribute('data-charts', 'none');
    return;
  }
  var css = getComputedStyle(root);
  var palette = [0, 1, 2, 3, 4, 5].map(function (i) {
    return css.getPropertyValue('--c' + i).trim() || '#1f5f99';
  });
  function rgba(hex, a) {
    var n = parseInt(hex.slice(1), 16);
    return 'rgba(' + ((n >> 16) & 255) + ',' + ((n >> 8) & 255) + ',' + (n & 255) + ',' + a + ')';
  }
  var unitOf = {};
  (pred.observables || []).forEach(function (o) { unitOf[o.id] = o.unit || ''; });
  var visible = pred.courses.map(function () { return true; });
  var allBands = false;
  var charts = [];

  // The course whose band and sessions are drawn: the first one shown.
  function focus() {
    for (var i = 0; i < visible.length; i++) if (visible[i]) return i;
    return -1;
  }
  function colour(i) { return palette[i % palette.length]; }
  function fmt(v, id) {
    if (typeof v !== 'number' || !isFinite(v)) return 'n/a';
    return unitOf[id] && unitOf[id].indexOf('%') >= 0 ? (v > 0 ? '+' : '') + v.toFixed(1) + '%'
                                                      : v.toFixed(2);
  }
  function applyVisibility(chart) {
    var f = focus();
    chart.data.datasets.forEach(function (d) {
      var on = visible[d.course];
      if (d.role === 'p50') {
        d.hidden = !on;
        d.borderWidth = d.course === f ? 2.6 : 1.6;
      } else {
        d.hidden = !(on && (allBands || d.course === f));
        if (d.role === 'band') d.backgroundColor = rgba(colour(d.course), d.course === f ? 0.22 : 0.1);
      }
    });
  }

  // Dashed vertical lines at the sessions of the focus course.
  var sessionLines = {
    id: 'sessionLines',
    beforeDatasetsDraw: function (chart) {
      var f = focus();
      if (f < 0) return;
      var c = pred.courses[f], x = chart.scales.x, area = chart.chartArea, ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = rgba(colour(f), 0.55);
      ctx.fillStyle = colour(f);
      ctx.lineWidth = 1;
      ctx.setLineDash([4, 4]);
      ctx.font = '10px sans-serif';
      ctx.textAlign = 'center';
      for (var k = 0; k < (c.sessions || 0); k++) {
        var px = x.getPixelForValue(k * (c.interval_days || 0));
        if (px < area.left - 1 || px > area.right + 1) continue;
        ctx.beginPath(); ctx.moveTo(px, area.top + 12); ctx.lineTo(px, area.bottom); ctx.stroke();
        ctx.fillText('S' + (k + 1), px, area.top + 9);
      }
      ctx.restore();
    }
  };

  Array.prototype.forEach.call(canvases, function (canvas) {
    var id = canvas.getAttribute('data-observable');
    var datasets = [], maxDay = 0, peak = 0, lastActive = 0;
    pred.courses.forEach(function (c, i) {
      var s = c.series && c.series[id];
      if (!s || !c.days) return;
      function pts(arr) {
        return c.days.map(function (d, k) { return { x: d, y: arr[k] }; });
      }
      maxDay = Math.max(maxDay, c.days[c.days.length - 1] || 0);
      s.p90.forEach(function (v) { peak = Math.max(peak, Math.abs(v)); });
      var common = { pointRadius: 0, tension: 0, course: i };
      datasets.push(Object.assign({ label: c.label + ' (P10)', role: 'p10', data: pts(s.p10),
        borderWidth: 0, borderColor: 'transparent', pointHoverRadius: 0, fill: false }, common));
      datasets.push(Object.assign({ label: c.label + ' (P10 to P90)', role: 'band', data: pts(s.p90),
        borderWidth: 0, borderColor: 'transparent', pointHoverRadius: 0, fill: '-1' }, common));
      datasets.push(Object.assign({ label: c.label, role: 'p50', data: pts(s.p50),
        borderColor: colour(i), backgroundColor: colour(i), pointHoverRadius: 3, fill: false }, common));
    });
    // A transient observable (redness, open channels) is shown up to two
    // weeks after it last exceeds 1% of its peak, so its spikes stay legible.
    pred.courses.forEach(function (c) {
      var s = c.series && c.series[id];
      if (!s || !c.days) return;
      s.p90.forEach(function (v, k) { if (Math.abs(v) > 0.01 * peak) lastActive = Math.max(lastActive, c.days[k]); });
    });
    var xMax = Math.min(maxDay, lastActive + 14);
    var chart = new Chart(canvas, {
      type: 'line',
      data: { datasets: datasets },
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
          y: { title: { display: true, text: unitOf[id] || '' }, grid: { color: '#e7ebf0' } }
        },
        plugins: {
          legend: {
            position: 'top', align: 'start',
            labels: { boxWidth: 14, boxHeight: 8,
                      filter: function (item, data) { return data.datasets[item.datasetIndex].role === 'p50'; } },
            onClick: function (e, item, legend) {
              var c = legend.chart.data.datasets[item.datasetIndex].course;
              setVisible(c, !visible[c]);
            }
          },
          tooltip: {
            filter: function (item) { return item.dataset.role === 'p50'; },
            callbacks: {
              title: function (items) { return items.length ? 'Day ' + (+items[0].parsed.x).toFixed(1).replace(/\.0$/, '') : ''; },
              label: function (item) {
                var c = pred.courses[item.dataset.course], s = c.series[id], k = item.dataIndex;
                return c.label + ': ' + fmt(s.p50[k], id) + ' (P10 ' + fmt(s.p10[k], id) + ', P90 ' + fmt(s.p90[k], id) + ')';
              }
            }
          }
        }
      }
    });
    applyVisibility(chart);
    chart.update();
    charts.push(chart);
  });

  function redraw() {
    charts.forEach(function (chart) { applyVisibility(chart); chart.update(); });
  }
  function setVisible(course, on) {
    visible[course] = on;
    var box = document.querySelector('input[data-course="' + course + '"]');
    if (box) box.checked = on;
    redraw();
  }
  Array.prototype.forEach.call(document.querySelectorAll('input[data-course]'), function (box) {
    box.addEventListener('change', function () { setVisible(+box.getAttribute('data-course'), box.checked); });
  });
  var bands = document.getElementById('all-bands');
  if (bands) bands.addEventListener('change', function () { allBands = bands.checked; redraw(); });
  window.addEventListener('beforeprint', function () { charts.forEach(function (c) { c.resize(); }); });
  window.addEventListener('afterprint', function () { charts.forEach(function (c) { c.resize(); }); });
  root.setAttribute('data-charts', 'ready');
}
