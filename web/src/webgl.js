/**
 * What kind of WebGL the browser offers: a GPU, or a software rasteriser
 * (SwiftShader, llvmpipe, WARP: virtual machines, remote desktops, headless
 * test browsers), where every sample costs CPU time.
 * @module webgl
 */

/** Renderer names of software rasterisers, as WebGL reports them. */
const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|software|basic render|warp/i;

/**
 * @param {string|null|undefined} renderer WebGL renderer string (unmasked when available).
 * @return {boolean} Whether it names a software rasteriser.
 */
export function isSoftwareRenderer(renderer) {
  return typeof renderer === 'string' && SOFTWARE_RENDERERS.test(renderer);
}

/**
 * Asks a throwaway WebGL context for its renderer.
 * @return {string|null} The renderer string, or `null` without WebGL.
 */
export function webglRenderer() {
  const canvas = document.createElement('canvas');
  const gl = /** @type {WebGLRenderingContext|null} */ (canvas.getContext('webgl2') || canvas.getContext('webgl'));
  if (!gl) {
    return null;
  }
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return renderer;
}
