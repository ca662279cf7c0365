// The report's try-on view: mounts the try-on viewer (web/src/viewer.js,
// inlined before this script as the global CITSimViewer) in the box
// #tryon-viewer on the embedded plan's `tryon` object. Reports without a
// Try-on section have no box, and nothing happens. <html data-tryon> says how
// it went: "ready", "missing" (no viewer in the page) or "error".

export function mountTryon() {
  const root = document.documentElement;
  const box = document.getElementById('tryon-viewer');
  if (!box) return;
  const viewer = window.CITSimViewer;
  if (!viewer || typeof viewer.mount !== 'function') {
    root.setAttribute('data-tryon', 'missing');
    return;
  }
  const plan = JSON.parse(document.getElementById('citsim-plan').textContent);
  try {
    viewer.mount(box, plan.tryon, { dataNote: false });
    root.setAttribute('data-tryon', 'ready');
  } catch (err) {
    root.setAttribute('data-tryon', 'error');
    console.error('try-on viewer: ' + err.message);
  }
}
