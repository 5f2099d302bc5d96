import {describe, expect, it} from 'vitest';
import {markerLayerKind, markerRadius} from '../../../src/screen/markerLayer.js';

describe('screen/markerLayer', () => {
  describe('markerLayerKind', () => {
    it('draws with WebGL on a GPU', () => {
      expect(markerLayerKind('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0)', null)).toBe('webgl');
    });

    it('draws on a canvas on a software rasteriser or without WebGL', () => {
      expect(markerLayerKind('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)', null)).toBe('canvas');
      expect(markerLayerKind('llvmpipe (LLVM 15.0.6, 256 bits)', null)).toBe('canvas');
      expect(markerLayerKind(null, 'webgl')).toBe('canvas');
    });

    it('follows the URL parameter when WebGL exists', () => {
      expect(markerLayerKind('SwiftShader', 'webgl')).toBe('webgl');
      expect(markerLayerKind('NVIDIA GeForce', 'canvas')).toBe('canvas');
    });
  });

  describe('markerRadius', () => {
    it('grows from the city view to close up, within bounds', () => {
      expect(markerRadius(8)).toBe(2.5);
      expect(markerRadius(13)).toBe(4);
      expect(markerRadius(17)).toBe(7);
      expect(markerRadius(20)).toBe(7);
      expect(markerRadius(15)).toBeGreaterThan(markerRadius(14));
    });
  });
});
