// The scripts of report.html, bundled by web/build.mjs into
// dist/citsim-report.js (an IIFE) and inlined by the report stage as the
// page's last script, after the plan data, Chart.js and (with a Try-on
// section) the viewer bundle. Everything else in the report is static HTML.
import { drawCharts } from './charts.js';
import { drawLongView } from './longview.js';
import { mountTryon } from './tryon.js';

drawCharts();
drawLongView();
mountTryon();
