// Shared by the browser tests: launching Debian's Chromium headless with
// software WebGL, and reading back what the try-on's WebGL canvas drew.
//
//   const context = await launch(chromium, CHROMIUM, profileDir, { viewport, offline });
//   const pic = await webglPicture(page, 'canvas[data-tryon-canvas]');
//   pictureDifference(pic, await webglPicture(page, sel));   // sampled pixels that changed

// Chromium flags: no sandbox (root in CI), no network chatter (the machine has
// none), WebGL from SwiftShader (software, the same on any machine).
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader', '--disable-quic', '--no-first-run', '--no-proxy-server',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launch(chromium, executablePath, profileDir, options = {}) {
  return chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    deviceScaleFactor: 1,
    ...options,
  });
}

// The canvas read back through a 2D canvas (the viewer keeps its drawing
// buffer): pixels that differ from the viewer's background (#f4f6f9), of them
// the warm skin-like or reddened ones, their share, and every 97th pixel as a
// fingerprint to compare pictures.
export async function webglPicture(page, selector) {
  return page.$eval(selector, (canvas) => {
    const copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    const ctx = copy.getContext('2d');
    ctx.drawImage(canvas, 0, 0);
    const px = ctx.getImageData(0, 0, copy.width, copy.height).data;
    let ink = 0, skin = 0;
    const sample = [];
    for (let i = 0; i < px.length; i += 4) {
      const r = px[i], g = px[i + 1], b = px[i + 2];
      if (Math.abs(r - 244) + Math.abs(g - 246) + Math.abs(b - 249) > 24) {
        ink++;
        if (r > g + 15 && g > b - 10) skin++;
      }
      if ((i / 4) % 97 === 0) sample.push(r, g, b);
    }
    return { width: copy.width, height: copy.height, ink, skin,
             share: ink / (copy.width * copy.height), sample };
  });
}

// How many sampled pixels differ between two pictures (by more than 6 in
// the sum of their channel differences).
export function pictureDifference(a, b) {
  let changed = 0;
  for (let i = 0; i < Math.min(a.sample.length, b.sample.length); i += 3) {
    const d = Math.abs(a.sample[i] - b.sample[i]) + Math.abs(a.sample[i + 1] - b.sample[i + 1]) +
              Math.abs(a.sample[i + 2] - b.sample[i + 2]);
    if (d > 6) changed++;
  }
  return changed;
}
