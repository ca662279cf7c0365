// `npm run build`: bundles the front end with esbuild into web/dist/.
//   dist/citsim-viewer.js  the try-on viewer with three.js, an IIFE exposing the
//                          global CITSimViewer (mount, checkTryon, decodeHeights);
//                          inlined into report.html by the report stage
//   dist/citsim-report.js  report.html's own scripts (src/report/: the charts,
//                          the try-on mount), an IIFE inlined as the report's
//                          last script; it uses the Chart.js the report
//                          inlines (global Chart) and bundles no library;
//                          its band chart (src/bandchart.js) is the serve
//                          page's too.
//                          The report's CSS (src/report/report.css) is not
//                          bundled: the report stage compiles it in.
//   dist/app.js            the `citsim serve` page (viewer, Chart.js, form)
//   dist/index.html        that page's HTML (from src/app.html)
// The output depends only on the sources and the locked packages: no
// timestamps, no source maps, so the report's bytes stay reproducible.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
mkdirSync(dist, { recursive: true });
const version = (name) => JSON.parse(readFileSync(join(here, 'node_modules', name, 'package.json'), 'utf8')).version;

const common = {
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  legalComments: 'eof',
  charset: 'utf8',
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: [join(here, 'src', 'viewer.js')],
  outfile: join(dist, 'citsim-viewer.js'),
  globalName: 'CITSimViewer',
  banner: { js: `/* CITSim try-on viewer; bundles three.js ${version('three')} (MIT, Three.js Authors) */` },
});

await build({
  ...common,
  entryPoints: [join(here, 'src', 'report', 'main.js')],
  outfile: join(dist, 'citsim-report.js'),
  banner: { js: '/* CITSim report scripts (web/src/report) */' },
});

await build({
  ...common,
  entryPoints: [join(here, 'src', 'app.js')],
  outfile: join(dist, 'app.js'),
  banner: {
    js: `/* CITSim planner page; bundles three.js ${version('three')} and Chart.js ${version('chart.js')} (MIT) */`,
  },
});

copyFileSync(join(here, 'src', 'app.html'), join(dist, 'index.html'));
console.log(`build: wrote ${dist}/citsim-viewer.js, citsim-report.js, app.js, index.html`);
