import {describe, expect, it} from 'vitest';
import {CRS_OPTIONS, crsFromUserAgent, crsLabel, gcj02Shell, isCrs} from '../../../src/worker/crs.js';

const CHROME_ANDROID =
  'Mozilla/5.0 (Linux; Android 13; V2183A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Mobile Safari/537.36';
const WECHAT_ANDROID =
  'Mozilla/5.0 (Linux; Android 13; V2183A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 ' +
  'Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MMWEBID/2247 MicroMessenger/8.0.47.2560(0x28002F30) ' +
  'WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64';
const WECHAT_IOS =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 ' +
  'MicroMessenger/8.0.44(0x18002c2d) NetType/WIFI Language/zh_CN';
const ALIPAY =
  'Mozilla/5.0 (Linux; U; Android 12; zh-CN; M2102K1C) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/69.0.3497.100 ' +
  'UWS/3.22.2.43 Mobile Safari/537.36 UCBS/3.22.2.43_220223200704 ChannelId(1) NebulaSDK/1.8.100112 Nebula AlipayDefined(nt:WIFI,ws:393|0|2.75) ' +
  'AliApp(AP/10.2.60.9000) AlipayClient/10.2.60.9000 Language/zh-Hans';
const DINGTALK =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 16_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 AliApp(DingTalk/7.0.40) ' +
  'com.laiwang.DingTalk/29964563 Channel/201200 language/zh-Hans-CN UT4Aplus/0.0.6 WK';
const SAFARI_IOS =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1';

describe('worker/crs', () => {
  describe('crsFromUserAgent', () => {
    it('preselects GCJ-02 inside WeChat on Android and iOS', () => {
      expect(crsFromUserAgent(WECHAT_ANDROID)).toBe('gcj02');
      expect(crsFromUserAgent(WECHAT_IOS)).toBe('gcj02');
    });

    it('preselects GCJ-02 inside the Amap-based shells of Alipay and DingTalk', () => {
      expect(crsFromUserAgent(ALIPAY)).toBe('gcj02');
      expect(crsFromUserAgent(DINGTALK)).toBe('gcj02');
    });

    it('preselects WGS84 in an ordinary mobile browser, headless Chromium and an empty user agent', () => {
      expect(crsFromUserAgent(CHROME_ANDROID)).toBe('wgs84');
      expect(crsFromUserAgent(SAFARI_IOS)).toBe('wgs84');
      expect(crsFromUserAgent('Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/131.0.0.0 Safari/537.36')).toBe('wgs84');
      expect(crsFromUserAgent('')).toBe('wgs84');
    });
  });

  describe('gcj02Shell', () => {
    it('names the shell for the hint under the selector', () => {
      expect(gcj02Shell(WECHAT_IOS)).toBe('微信');
      expect(gcj02Shell(ALIPAY)).toBe('支付宝');
      expect(gcj02Shell(DINGTALK)).toBe('钉钉');
      expect(gcj02Shell(CHROME_ANDROID)).toBeNull();
    });
  });

  describe('isCrs', () => {
    it('accepts the offered systems as the server spells them and nothing else', () => {
      for (const o of CRS_OPTIONS) {
        expect(isCrs(o.value)).toBe(true);
      }
      expect(isCrs('epsg:3857')).toBe(false);
      expect(isCrs(null)).toBe(false);
    });
  });

  describe('crsLabel', () => {
    it('gives the Chinese label of a system', () => {
      expect(crsLabel('gcj02')).toContain('GCJ-02');
    });
  });
});
