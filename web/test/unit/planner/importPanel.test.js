import {describe, expect, it} from 'vitest';
import {formatOf, queryOf} from '../../../src/planner/importPanel.js';

describe('planner/importPanel', () => {
  describe('formatOf', () => {
    it('guesses the import format from the file suffix', () => {
      expect(formatOf('grids.GPKG')).toBe('gpkg');
      expect(formatOf('grids.zip')).toBe('shp');
      expect(formatOf('grids.geojson')).toBe('geojson');
      expect(formatOf('grids.json')).toBe('geojson');
      expect(formatOf('grids.shp')).toBe('');
    });
  });
  describe('queryOf', () => {
    it('leaves empty fields out', () => {
      expect(queryOf({format: 'gpkg', parent: '410103', crs: ''})).toBe('format=gpkg&parent=410103');
    });
  });
});
