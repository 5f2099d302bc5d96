import {describe, expect, it} from 'vitest';
import {LocateError, accuracyText, locate, locateMessage} from '../../../src/worker/geolocation.js';

/**
 * @param {{coords?: object, error?: {code: number}}} answer What the fake geolocation answers.
 * @return {{geolocation: Geolocation, options: Array<PositionOptions|undefined>}} Fake and the options it was asked with.
 */
function fake(answer) {
  /** @type {Array<PositionOptions|undefined>} */
  const options = [];
  const geolocation = /** @type {Geolocation} */ (
    /** @type {unknown} */ ({
      getCurrentPosition(
        /** @type {PositionCallback} */ ok,
        /** @type {PositionErrorCallback} */ fail,
        /** @type {PositionOptions} */ o,
      ) {
        options.push(o);
        if (answer.error) {
          fail(/** @type {GeolocationPositionError} */ (/** @type {unknown} */ (answer.error)));
        } else {
          ok(/** @type {GeolocationPosition} */ (/** @type {unknown} */ ({coords: answer.coords, timestamp: Date.parse('2025-11-23T01:00:00Z')})));
        }
      },
    })
  );
  return {geolocation, options};
}

describe('worker/geolocation', () => {
  describe('locate', () => {
    it('resolves the fix with its accuracy and asks for high accuracy', async () => {
      const {geolocation, options} = fake({coords: {longitude: 113.64, latitude: 34.73, accuracy: 8}});
      await expect(locate({geolocation, secure: true})).resolves.toEqual({
        lon: 113.64,
        lat: 34.73,
        accuracy: 8,
        at: '2025-11-23T01:00:00.000Z',
      });
      expect(options[0]?.enableHighAccuracy).toBe(true);
    });

    it('rejects a denied permission with a message that says what to do', async () => {
      const {geolocation} = fake({error: {code: 1}});
      const error = await locate({geolocation, secure: true}).catch((e) => e);
      expect(error).toBeInstanceOf(LocateError);
      expect(error.code).toBe(1);
      expect(error.message).toContain('定位权限被拒绝');
      expect(error.message).toContain('手动输入坐标');
    });

    it('explains that a plain-HTTP page cannot locate', async () => {
      const {geolocation} = fake({error: {code: 1}});
      await expect(locate({geolocation, secure: false})).rejects.toThrow(/HTTPS/);
      await expect(locate({geolocation: undefined, secure: false})).rejects.toThrow(/HTTPS/);
    });

    it('rejects when the browser has no geolocation', async () => {
      await expect(locate({geolocation: undefined, secure: true})).rejects.toThrow('此浏览器不支持定位');
    });
  });

  describe('locateMessage', () => {
    it('has a message for unavailable and timed-out fixes', () => {
      expect(locateMessage(2, true)).toContain('暂时无法获取位置');
      expect(locateMessage(3, true)).toContain('定位超时');
    });
  });

  describe('accuracyText', () => {
    it('rounds to metres and warns about a coarse fix', () => {
      expect(accuracyText(7.6)).toBe('±8 米');
      expect(accuracyText(350)).toContain('精度较差');
      expect(accuracyText(null)).toBe('精度未知');
    });
  });
});
