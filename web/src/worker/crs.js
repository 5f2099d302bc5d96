/**
 * Coordinate systems a phone can report positions in, and which one to
 * preselect from the user agent.
 *
 * A browser's `navigator.geolocation` normally gives WGS84 (the phone's GNSS).
 * Inside WeChat and the Amap-based shells of Alipay and DingTalk the page runs
 * in the vendor's web view, whose location service answers in GCJ-02 (the
 * offset system of Amap and Tencent maps). The server converts every declared
 * system to WGS84; what must never happen is sending GCJ-02 labelled as WGS84
 * (an error of up to several hundred metres in Zhengzhou, i.e. another grid).
 * The preselection is a guess: the user can always change it.
 * @module worker/crs
 */

/**
 * @typedef {'wgs84'|'gcj02'|'bd09'|'cgcs2000'} CrsKey
 */

/**
 * The systems the page offers, as the server spells them (`crs` parameter).
 * @type {ReadonlyArray<{value: CrsKey, label: string}>}
 */
export const CRS_OPTIONS = Object.freeze([
  {value: 'wgs84', label: 'WGS84（手机 GPS）'},
  {value: 'gcj02', label: 'GCJ-02（微信、高德、腾讯）'},
  {value: 'bd09', label: 'BD-09（百度）'},
  {value: 'cgcs2000', label: 'CGCS2000（国家大地坐标系）'},
]);

/**
 * Shells whose web view reports GCJ-02, with the user-agent token that marks them.
 * @type {ReadonlyArray<{name: string, pattern: RegExp}>}
 */
const GCJ02_SHELLS = Object.freeze([
  {name: '微信', pattern: /MicroMessenger\//i},
  {name: '企业微信', pattern: /wxwork\//i},
  {name: '支付宝', pattern: /AlipayClient\//i},
  {name: '钉钉', pattern: /DingTalk\//i},
  {name: '高德地图', pattern: /\bAMap(?:App)?\b/i},
]);

/**
 * @param {unknown} value Value.
 * @return {value is CrsKey} Whether it is one of {@link CRS_OPTIONS}.
 */
export function isCrs(value) {
  return CRS_OPTIONS.some((o) => o.value === value);
}

/**
 * @param {string} userAgent `navigator.userAgent`.
 * @return {string|null} Chinese name of the GCJ-02 shell the page runs in, or `null`.
 */
export function gcj02Shell(userAgent) {
  const shell = GCJ02_SHELLS.find((s) => s.pattern.test(userAgent || ''));
  return shell ? shell.name : null;
}

/**
 * @param {string} userAgent `navigator.userAgent`.
 * @return {CrsKey} `gcj02` inside WeChat and the Amap-based shells, else `wgs84`.
 */
export function crsFromUserAgent(userAgent) {
  return gcj02Shell(userAgent) ? 'gcj02' : 'wgs84';
}

/**
 * @param {CrsKey} crs System.
 * @return {string} Short Chinese label.
 */
export function crsLabel(crs) {
  const option = CRS_OPTIONS.find((o) => o.value === crs);
  return option ? option.label : crs;
}
