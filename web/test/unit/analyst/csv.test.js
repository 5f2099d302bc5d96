import {describe, expect, it} from 'vitest';
import {csvCell, toCsv} from '../../../src/analyst/csv.js';

describe('analyst/csv', () => {
  describe('csvCell', () => {
    it('prefixes cells that a spreadsheet would run as a formula', () => {
      expect(csvCell('=1+1')).toBe("'=1+1");
      expect(csvCell('+86 138')).toBe("'+86 138");
      expect(csvCell('-5')).toBe("'-5");
      expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
      expect(csvCell('\tx')).toBe("'\tx");
      expect(csvCell('\rx')).toBe(`"'\rx"`);
    });

    it('quotes commas, quotes and line breaks', () => {
      expect(csvCell('a,b')).toBe('"a,b"');
      expect(csvCell('说"好"')).toBe('"说""好"""');
      expect(csvCell('a\nb')).toBe('"a\nb"');
    });

    it('writes empty values as empty cells and numbers as they are', () => {
      expect(csvCell(null)).toBe('');
      expect(csvCell(undefined)).toBe('');
      expect(csvCell(113.5)).toBe('113.5');
    });
  });

  describe('toCsv', () => {
    it('starts with a byte order mark and ends lines with CRLF', () => {
      expect(toCsv(['编号', '类别'], [['EQ-1', '=cmd']])).toBe('\uFEFF编号,类别\r\nEQ-1,\'=cmd\r\n');
    });
  });
});
