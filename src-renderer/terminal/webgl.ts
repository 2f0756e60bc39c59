/**
 * Whether xterm's WebGL renderer is worth loading here: only on a hardware-accelerated WebGL2 context.
 * On a software rasteriser (SwiftShader, llvmpipe: headless Chromium, VMs, --disable-gpu) the WebGL
 * renderer is several times slower than xterm's DOM renderer (the flood e2e measured 0.7 against
 * 2.1 MiB/s here), so the DOM renderer is kept.
 */

/** Renderer names of software WebGL implementations. */
const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|basic render/i;

let cached: boolean | undefined;

/** True when a WebGL2 context exists and is not a software rasteriser (probed once per page). */
export function hardwareWebgl(): boolean {
  if (cached !== undefined) return cached;
  cached = false;
  try {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) return cached;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
    cached = !SOFTWARE.test(renderer);
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  } catch {
    cached = false;
  }
  return cached;
}
