import type { Terminal } from "@xterm/xterm";

export type RendererKind = "webgl" | "dom";

/**
 * A GPU the browser can draw with, not a software rasteriser: WebGL on SwiftShader or llvmpipe
 * is slower than xterm.js's DOM renderer, so it is only worth it on real hardware.
 */
function hardwareWebgl(): boolean {
  const canvas = document.createElement("canvas");
  const gl = canvas.getContext("webgl2");
  if (!gl) return false;
  const info = gl.getExtension("WEBGL_debug_renderer_info");
  const renderer = info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : "";
  gl.getExtension("WEBGL_lose_context")?.loseContext();
  return renderer !== "" && !/swiftshader|llvmpipe|softpipe|software/i.test(renderer);
}

/**
 * Draws the terminal with xterm.js's WebGL renderer where a GPU exists; the DOM renderer stays
 * otherwise, and takes over again if the GPU context is lost (a driver reset, a sleeping laptop).
 */
export async function drawWithGpuWhenPresent(term: Terminal, onFallback: () => void): Promise<RendererKind> {
  if (!hardwareWebgl()) return "dom";
  const { WebglAddon } = await import("@xterm/addon-webgl");
  try {
    const addon = new WebglAddon();
    addon.onContextLoss(() => {
      addon.dispose();
      onFallback();
    });
    term.loadAddon(addon);
    return "webgl";
  } catch {
    return "dom";
  }
}
