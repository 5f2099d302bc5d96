import {describe, expect, it} from 'vitest';
import {findCategory, readTaxonomy, searchCategories} from '../../../src/worker/categories.js';

const TREE = {
  topCategories: [
    {
      code: 'SRHJ',
      nameZh: '市容环境',
      subCategories: [
        {code: 'SRHJ-01', nameZh: '暴露垃圾及垃圾满溢', keywords: ['暴露垃圾', 'garbage'], selfHandle: false, locationRequired: true, active: true},
        {code: 'SRHJ-03', nameZh: '非法小广告', keywords: ['小广告', '牛皮癣'], selfHandle: true, locationRequired: true, active: true, deadline: {amount: 4, unit: 'hours'}},
        {code: 'SRHJ-99', nameZh: '停用的类别', keywords: [], active: false},
      ],
    },
    {
      code: 'SZSS',
      nameZh: '市政设施',
      subCategories: [
        {code: 'SZSS-03', nameZh: '井盖缺失破损', keywords: ['井盖', '窨井'], active: true},
        {code: 'SZSS-07', nameZh: '排水不畅及道路积水', keywords: ['积水', '下水道堵塞'], description: '雨后路面积水', active: true},
        {code: 'SZSS-01', nameZh: '人行道地砖破损积水', keywords: ['地砖', '积水'], active: true},
      ],
    },
    {code: 'YQFK', nameZh: '疫情防控', subCategories: [{code: 'YQFK-01', nameZh: '停用', active: false}]},
  ],
};

describe('worker/categories', () => {
  describe('readTaxonomy', () => {
    it('keeps active sub-categories under their top category and drops empty tops', () => {
      const tops = readTaxonomy(TREE);
      expect(tops.map((t) => t.code)).toEqual(['SRHJ', 'SZSS']);
      expect(tops[0].subCategories.map((s) => s.code)).toEqual(['SRHJ-01', 'SRHJ-03']);
      expect(tops[0].subCategories[1]).toMatchObject({name: '非法小广告', topName: '市容环境', selfHandle: true, deadline: {amount: 4, unit: 'hours'}});
    });

    it('treats a missing or malformed body as an empty taxonomy', () => {
      expect(readTaxonomy(null)).toEqual([]);
      expect(readTaxonomy({topCategories: 'x'})).toEqual([]);
    });
  });

  describe('searchCategories', () => {
    const tops = readTaxonomy(TREE);

    it('finds a sub-category by a keyword of its list', () => {
      expect(searchCategories(tops, '牛皮癣').map((s) => s.code)).toEqual(['SRHJ-03']);
      expect(searchCategories(tops, 'GARBAGE').map((s) => s.code)).toEqual(['SRHJ-01']);
    });

    it('ranks a name match above a keyword match', () => {
      expect(searchCategories(tops, '积水').map((s) => s.code)).toEqual(['SZSS-07', 'SZSS-01']);
    });

    it('needs every term to match', () => {
      expect(searchCategories(tops, '积水 地砖').map((s) => s.code)).toEqual(['SZSS-01']);
      expect(searchCategories(tops, '积水 井盖')).toEqual([]);
    });

    it('finds sub-categories by top category name and by code', () => {
      expect(searchCategories(tops, '市政').length).toBe(3);
      expect(searchCategories(tops, 'szss-03').map((s) => s.code)).toEqual(['SZSS-03']);
    });

    it('never finds an inactive sub-category, and nothing for an empty query', () => {
      expect(searchCategories(tops, '停用')).toEqual([]);
      expect(searchCategories(tops, '   ')).toEqual([]);
    });
  });

  describe('findCategory', () => {
    it('finds a sub-category by code', () => {
      const tops = readTaxonomy(TREE);
      expect(findCategory(tops, 'SZSS-03')?.name).toBe('井盖缺失破损');
      expect(findCategory(tops, 'SRHJ-99')).toBeNull();
      expect(findCategory(tops, null)).toBeNull();
    });
  });
});
