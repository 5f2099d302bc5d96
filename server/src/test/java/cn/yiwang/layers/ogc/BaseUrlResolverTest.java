package cn.yiwang.layers.ogc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BaseUrlResolverTest {

    static BaseUrlResolver.Request headers(String forwarded, String proto, String xHost, String xPort, String host) {
        return new BaseUrlResolver.Request(forwarded, proto, xHost, xPort, host, "http", "127.0.0.1:8080");
    }

    @Test
    void hostHeaderIsUsedWithTheConnectionScheme() {
        assertEquals("http://localhost:18080", BaseUrlResolver.resolve(null, headers(null, null, null, null, "localhost:18080")));
    }

    @Test
    void withoutHostTheConnectionAddressIsUsed() {
        assertEquals("http://127.0.0.1:8080", BaseUrlResolver.resolve(null, headers(null, null, null, null, null)));
    }

    @Test
    void xForwardedHeadersWinOverHost() {
        assertEquals("https://grid.example.cn", BaseUrlResolver.resolve(null,
                headers(null, "https", "grid.example.cn, proxy.internal", null, "10.0.0.5:8080")));
        assertEquals("https://grid.example.cn:8443", BaseUrlResolver.resolve(null,
                headers(null, "https", "grid.example.cn", "8443", "10.0.0.5:8080")));
    }

    @Test
    void forwardedHeaderWinsOverXForwarded() {
        assertEquals("https://a.example.cn", BaseUrlResolver.resolve(null,
                headers("for=1.2.3.4;proto=https;host=\"a.example.cn\", for=5.6.7.8", "http", "b.example.cn", null, "c")));
    }

    @Test
    void defaultPortIsDropped() {
        assertEquals("https://grid.example.cn", BaseUrlResolver.resolve(null, headers(null, "https", "grid.example.cn:443", null, null)));
        assertEquals("http://grid.example.cn", BaseUrlResolver.resolve(null, headers(null, null, null, null, "grid.example.cn:80")));
    }

    @Test
    void malformedHeadersAreIgnored() {
        assertEquals("http://localhost:8080", BaseUrlResolver.resolve(null,
                headers(null, "javascript", "evil.example/\"><script>", null, "localhost:8080")));
        assertEquals("http://127.0.0.1:8080", BaseUrlResolver.resolve(null, headers(null, null, null, null, "a b")));
    }

    @Test
    void ipv6HostIsKept() {
        assertEquals("http://[::1]:8080", BaseUrlResolver.resolve(null, headers(null, null, null, null, "[::1]:8080")));
    }

    @Test
    void configuredPublicUrlWinsOverEveryHeader() {
        assertEquals("https://grid.example.cn/yiwang", BaseUrlResolver.resolve("https://grid.example.cn/yiwang/",
                headers("host=x", "http", "y", null, "z")));
    }
}
