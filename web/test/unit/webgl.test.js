import {describe, expect, it} from 'vitest';
import {isSoftwareRenderer} from '../../src/webgl.js';

describe('webgl', () => {
  describe('isSoftwareRenderer', () => {
    it('recognises SwiftShader, llvmpipe and WARP', () => {
      for (const renderer of [
        'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
        'llvmpipe (LLVM 15.0.6, 256 bits)',
        'ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0, D3D11)',
        'Google SwiftShader',
      ]) {
        expect(isSoftwareRenderer(renderer)).toBe(true);
      }
    });

    it('does not take GPUs for software', () => {
      for (const renderer of [
        'ANGLE (Intel, Intel(R) UHD Graphics 620 Direct3D11 vs_5_0 ps_5_0, D3D11)',
        'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)',
        'Apple M1',
        'Mali-G78',
      ]) {
        expect(isSoftwareRenderer(renderer)).toBe(false);
      }
    });

    it('is false without a renderer', () => {
      expect(isSoftwareRenderer(null)).toBe(false);
      expect(isSoftwareRenderer(undefined)).toBe(false);
    });
  });
});
