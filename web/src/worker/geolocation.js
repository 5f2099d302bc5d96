/**
 * The phone's position from `navigator.geolocation`, with Chinese messages for
 * every way it can fail.
 * @module worker/geolocation
 */

/**
 * @typedef {Object} Fix
 * @property {number} lon Longitude in degrees (in the system the browser uses).
 * @property {number} lat Latitude in degrees.
 * @property {number|null} accuracy Radius in metres (95 % confidence), if given.
 * @property {string} at ISO-8601 time of the fix.
 */

/** A failure with a Chinese message and the W3C error code (0 when not a PositionError). */
export class LocateError extends Error {
  /**
   * @param {string} message Chinese message.
   * @param {number} code `GeolocationPositionError` code, or 0.
   */
  constructor(message, code) {
    super(message);
    this.name = 'LocateError';
    /** @type {number} */
    this.code = code;
  }
}

/**
 * @param {number} code `GeolocationPositionError.code` (1 denied, 2 unavailable, 3 timeout).
 * @param {boolean} secure Whether the page is a secure context (HTTPS or localhost).
 * @return {string} What to tell the worker, and what to do.
 */
export function locateMessage(code, secure) {
  if (!secure) {
    return '当前页面不是 HTTPS 地址，浏览器不允许定位。请通过 HTTPS 地址打开本页，或手动输入坐标。';
  }
  if (code === 1) {
    return '定位权限被拒绝。请在浏览器或微信的设置中允许本页使用位置，然后点“重新定位”；也可以手动输入坐标。';
  }
  if (code === 2) {
    return '暂时无法获取位置（GPS 信号弱或定位服务关闭）。请到开阔处重试，或手动输入坐标。';
  }
  if (code === 3) {
    return '定位超时。请到开阔处点“重新定位”，或手动输入坐标。';
  }
  return '无法定位，请手动输入坐标。';
}

/**
 * Asks for one fresh, high-accuracy fix.
 * @param {Object} [options] Options.
 * @param {Geolocation|undefined} [options.geolocation] Geolocation (default `navigator.geolocation`).
 * @param {boolean} [options.secure] Secure context (default `window.isSecureContext`).
 * @param {number} [options.timeoutMs] Give up after this long.
 * @return {Promise<Fix>} The fix.
 */
export function locate(options = {}) {
  const geolocation = 'geolocation' in options ? options.geolocation : globalThis.navigator?.geolocation;
  const secure = options.secure ?? globalThis.isSecureContext ?? true;
  if (!geolocation) {
    return Promise.reject(new LocateError(secure ? '此浏览器不支持定位，请手动输入坐标。' : locateMessage(1, false), 0));
  }
  return new Promise((resolve, reject) => {
    geolocation.getCurrentPosition(
      (position) =>
        resolve({
          lon: position.coords.longitude,
          lat: position.coords.latitude,
          accuracy: Number.isFinite(position.coords.accuracy) ? position.coords.accuracy : null,
          at: new Date(position.timestamp || Date.now()).toISOString(),
        }),
      (error) => reject(new LocateError(locateMessage(error.code, secure), error.code)),
      {enableHighAccuracy: true, timeout: options.timeoutMs ?? 20000, maximumAge: 15000},
    );
  });
}

/**
 * @param {number|null} accuracy Metres.
 * @return {string} `±8 米`, with a warning when it is coarse.
 */
export function accuracyText(accuracy) {
  if (accuracy === null || !Number.isFinite(accuracy)) {
    return '精度未知';
  }
  const m = Math.round(accuracy);
  if (m > 100) {
    return `±${m} 米（精度较差，可能落入相邻网格）`;
  }
  return `±${m} 米`;
}
