import {describe, expect, it} from 'vitest';
import {buildCaseBody, buildStepBody, checkDraft, parseFloor} from '../../../src/worker/caseBody.js';
import {emptyDraft} from '../../../src/worker/draft.js';

const PHOTO = 'b'.repeat(64);
/** @type {import('../../../src/worker/categories.js').SubCategory} */
const SRHJ_03 = {
  code: 'SRHJ-03',
  name: '非法小广告',
  topCode: 'SRHJ',
  topName: '市容环境',
  description: '',
  keywords: ['小广告'],
  selfHandle: true,
  locationRequired: true,
  deadline: {amount: 4, unit: 'hours'},
};

/** @return {import('../../../src/worker/draft.js').Draft} A complete draft. */
function draft() {
  const d = emptyDraft('key', 'gcj02');
  d.category = 'SRHJ-03';
  d.title = ' 非法小广告 ';
  d.description = '电线杆上贴满小广告\n';
  d.photos = [{id: PHOTO}];
  d.location = {lon: 113.6412345, lat: 34.7361234, accuracy: 8.04, source: 'gps', at: '2025-11-23T01:00:00Z'};
  d.address = ' 兴华街 12 号 ';
  d.floor = '3';
  return d;
}

describe('worker/caseBody', () => {
  describe('buildCaseBody', () => {
    it('sends a patrol report with the location in its declared CRS, accuracy, floor, address and photo ids', () => {
      expect(buildCaseBody(draft())).toEqual({
        category: 'SRHJ-03',
        title: '非法小广告',
        description: '电线杆上贴满小广告',
        source: 'patrol',
        location: {lon: 113.6412345, lat: 34.7361234, crs: 'gcj02', accuracy: 8, floor: 3, address: '兴华街 12 号'},
        photos: [PHOTO],
      });
    });

    it('leaves out what was not entered', () => {
      const d = draft();
      d.photos = [];
      d.address = '';
      d.floor = '';
      d.location = {lon: 113.6, lat: 34.7, accuracy: null, source: 'manual', at: ''};
      expect(buildCaseBody(d)).toEqual({
        category: 'SRHJ-03',
        title: '非法小广告',
        description: '电线杆上贴满小广告',
        source: 'patrol',
        location: {lon: 113.6, lat: 34.7, crs: 'gcj02'},
      });
    });

    it('caps a coarse accuracy at the 5 km the server accepts', () => {
      const d = draft();
      d.location = {lon: 113.6, lat: 34.7, accuracy: 12000, source: 'gps', at: ''};
      expect(/** @type {any} */ (buildCaseBody(d)).location.accuracy).toBe(5000);
    });
  });

  describe('checkDraft', () => {
    it('passes a complete draft', () => {
      expect(checkDraft(draft(), SRHJ_03)).toEqual({});
    });

    it('names each missing required field', () => {
      const d = emptyDraft('k', 'wgs84');
      expect(Object.keys(checkDraft(d, null)).sort()).toEqual(['category', 'location', 'title']);
    });

    it('needs no location for a category that does not require one', () => {
      const d = draft();
      d.location = null;
      expect(checkDraft(d, {...SRHJ_03, locationRequired: false})).toEqual({});
    });

    it('refuses a floor that is not a whole number in range, and a title too long', () => {
      const d = draft();
      d.floor = '3.5';
      d.title = '长'.repeat(101);
      const m = checkDraft(d, SRHJ_03);
      expect(m.floor).toEqual(['楼层须为整数，如 3 或 -1']);
      expect(m.title).toEqual(['标题不能超过 100 个字']);
      d.floor = '300';
      expect(checkDraft(d, SRHJ_03).floor).toEqual(['楼层应在 -10 到 200 之间']);
    });

    it('counts characters as the server does (code points, not UTF-16 units)', () => {
      const d = draft();
      d.title = '𠀀'.repeat(100);
      expect(checkDraft(d, SRHJ_03).title).toBeUndefined();
    });
  });

  describe('parseFloor', () => {
    it('reads whole floors, basements included', () => {
      expect(parseFloor(' 12 ')).toBe(12);
      expect(parseFloor('-1')).toBe(-1);
      expect(parseFloor('')).toBeNull();
      expect(parseFloor('三楼')).toBeNull();
    });
  });

  describe('buildStepBody', () => {
    it('sends the version the page saw, the comment, photos and the position with its CRS', () => {
      expect(
        buildStepBody({version: 7, comment: ' 已更换 ', attachments: [PHOTO], location: {lon: 113.6, lat: 34.7}, crs: 'gcj02'}),
      ).toEqual({version: 7, comment: '已更换', attachments: [PHOTO], location: {lon: 113.6, lat: 34.7, crs: 'gcj02'}});
    });

    it('sends only the version for a bare step, and the hours of an extension', () => {
      expect(buildStepBody({version: 2, comment: '  ', location: null})).toEqual({version: 2});
      expect(buildStepBody({version: 3, comment: '材料未到', extensionHours: 24})).toEqual({
        version: 3,
        comment: '材料未到',
        extensionHours: 24,
      });
    });
  });
});
