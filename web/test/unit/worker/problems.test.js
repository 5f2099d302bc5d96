import {describe, expect, it} from 'vitest';
import {ApiError} from '../../../src/api.js';
import {errorText, fieldMessages, fieldOf, photoErrorMessage, translateDetail} from '../../../src/worker/problems.js';

describe('worker/problems', () => {
  describe('fieldOf', () => {
    it('maps JSON pointers of the case body to the form fields', () => {
      expect(fieldOf({pointer: '/title'})).toBe('title');
      expect(fieldOf({pointer: '/category'})).toBe('category');
      expect(fieldOf({pointer: '/location/lon'})).toBe('location');
      expect(fieldOf({pointer: '/location/crs'})).toBe('location');
      expect(fieldOf({pointer: '/location/address'})).toBe('address');
      expect(fieldOf({pointer: '/location/floor'})).toBe('floor');
      expect(fieldOf({pointer: '/photos/2'})).toBe('photos');
    });

    it('maps the fields of a workflow step', () => {
      expect(fieldOf({pointer: '/comment'})).toBe('comment');
      expect(fieldOf({pointer: '/attachments/0'})).toBe('photos');
      expect(fieldOf({pointer: '/extensionHours'})).toBe('hours');
      expect(fieldOf({pointer: '/version'})).toBe('general');
    });

    it('maps parameters, and anything else to general', () => {
      expect(fieldOf({parameter: 'file'})).toBe('photos');
      expect(fieldOf({parameter: 'crs'})).toBe('location');
      expect(fieldOf({parameter: 'limit'})).toBe('general');
      expect(fieldOf({})).toBe('general');
    });
  });

  describe('translateDetail', () => {
    it('says the server phrasings in Chinese', () => {
      expect(translateDetail('required')).toBe('必填');
      expect(translateDetail('longer than 100 characters (123)')).toBe('不能超过 100 个字（现为 123 个）');
      expect(translateDetail('must be plain text: HTML markup or script is not accepted')).toContain('纯文本');
      expect(translateDetail('must be between -180 and 180, not 200.0')).toBe('应在 -180 到 180 之间');
      expect(translateDetail('outside the service area')).toContain('坐标系');
      expect(translateDetail("Action 'handle' needs a comment (why).")).toBe('请填写说明');
    });

    it('keeps words it cannot translate', () => {
      expect(translateDetail('something new')).toBe('something new');
    });
  });

  describe('fieldMessages', () => {
    it('puts each offending input next to its field', () => {
      const error = new ApiError({
        status: 400,
        detail: '3 invalid field(s)',
        errors: [
          {pointer: '/title', detail: 'required'},
          {pointer: '/location/lon', detail: 'must be between -180 and 180, not 200.0'},
          {pointer: '/photos/0', detail: 'no uploaded photo with this id: upload it with POST /api/photos'},
        ],
      });
      const m = fieldMessages(error, ['title', 'location', 'photos']);
      expect(m.fields).toEqual({
        title: ['必填'],
        location: ['应在 -180 到 180 之间'],
        photos: ['照片未上传成功，请删除后重新拍摄'],
      });
      expect(m.general).toEqual([]);
    });

    it('sends messages for fields the form does not show to the general list', () => {
      const error = new ApiError({status: 400, errors: [{pointer: '/source', detail: "grid workers report with source 'patrol'"}]});
      expect(fieldMessages(error, ['title'])).toEqual({fields: {}, general: ["grid workers report with source 'patrol'"]});
    });

    it('uses the detail when the problem names no input', () => {
      const error = new ApiError({status: 403, detail: "Role 'analyst' cannot report cases."});
      expect(fieldMessages(error)).toEqual({fields: {}, general: ["Role 'analyst' cannot report cases."]});
    });

    it('uses the message of a network failure', () => {
      expect(fieldMessages(new ApiError({status: 0})).general[0]).toContain('无法连接服务器');
    });
  });

  describe('photoErrorMessage', () => {
    it('says why a photo was refused, then the server detail', () => {
      const big = new ApiError({status: 413, detail: 'The photo has 12000000 bytes; at most 10485760 bytes (10 MiB) are accepted.'});
      expect(photoErrorMessage(big)).toBe('照片太大，未被接收：The photo has 12000000 bytes; at most 10485760 bytes (10 MiB) are accepted.');
      expect(photoErrorMessage(new ApiError({status: 415, detail: 'The file is a GIF image.'}))).toMatch(/^照片格式不支持/);
      expect(photoErrorMessage(new ApiError({status: 422, detail: 'truncated'}))).toMatch(/^照片文件损坏或像素过多/);
    });

    it('has a message without a detail', () => {
      expect(photoErrorMessage(new ApiError({status: 0, message: 'x'}))).toBe('网络异常，照片未上传');
    });
  });

  describe('errorText', () => {
    it('is the translated message of an error', () => {
      expect(errorText(new Error('Wrong username or password.'))).toBe('用户名或密码错误');
      expect(errorText('plain')).toBe('plain');
    });
  });
});
