import { describe, expect, it } from "vitest";
import { imageProxy, machineRule, trackingRequest, type TrackingRequest } from "./machine-traffic.ts";

const SENT = new Date("2026-03-02T09:00:00Z");
const LATER = new Date("2026-03-02T11:30:00Z");
const IPHONE_MAIL = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148";
const DESKTOP_CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

function request(overrides: Partial<TrackingRequest> = {}): TrackingRequest {
  return { method: "GET", userAgent: IPHONE_MAIL, acceptLanguage: "en-GB,en;q=0.9", clientAddress: "81.2.69.160", at: LATER, ...overrides };
}

describe("machine opens and clicks", () => {
  it("counts a reader's open and click hours after the send as a person's", () => {
    expect(machineRule("open", request(), SENT)).toBeNull();
    expect(machineRule("click", request({ userAgent: DESKTOP_CHROME }), SENT)).toBeNull();
  });

  it("head_request: a HEAD is a link checker", () => {
    expect(machineRule("click", request({ method: "HEAD" }), SENT)).toBe("head_request");
    expect(machineRule("open", request({ method: "HEAD" }), SENT)).toBe("head_request");
  });

  it("no_user_agent: a request that does not name its client is a script", () => {
    expect(machineRule("open", request({ userAgent: null }), SENT)).toBe("no_user_agent");
    expect(machineRule("click", request({ userAgent: "  " }), SENT)).toBe("no_user_agent");
  });

  it("apple_privacy_proxy: the bare 'Mozilla/5.0' of Mail Privacy Protection, or Apple's network without a language", () => {
    expect(machineRule("open", request({ userAgent: "Mozilla/5.0", clientAddress: "104.28.40.1" }), SENT)).toBe("apple_privacy_proxy");
    expect(machineRule("open", request({ clientAddress: "17.58.63.200", acceptLanguage: null }), SENT)).toBe("apple_privacy_proxy");
    // Apple Mail with protection off sends its full user agent and a language, even from Apple's own network.
    expect(machineRule("open", request({ clientAddress: "17.58.63.200" }), SENT)).toBeNull();
    expect(machineRule("open", request({ acceptLanguage: null }), SENT)).toBeNull();
  });

  it("gmail_prefetch: Gmail's prefetch as mail arrives, told apart from its proxy's fetch when the reader opens", () => {
    const prefetch = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/42.0.2311.135 Safari/537.36 Edge/12.246 Mozilla/5.0";
    expect(machineRule("open", request({ userAgent: prefetch }), SENT)).toBe("gmail_prefetch");
    const proxy = "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)";
    expect(machineRule("open", request({ userAgent: proxy }), SENT)).toBeNull();
  });

  it("security_scanner: mail security gateways that inspect every link", () => {
    for (const agent of ["Mozilla/5.0 (compatible; Barracuda Sentinel)", "Mimecast-URL-Protect/2.0", "Proofpoint URL Defense", "Mozilla/5.0 (compatible; BingPreview/1.0b)"]) {
      expect(machineRule("click", request({ userAgent: agent }), SENT), agent).toBe("security_scanner");
    }
  });

  it("automated_client: HTTP libraries, headless browsers and crawlers", () => {
    for (const agent of ["curl/8.5.0", "python-requests/2.31.0", "Go-http-client/1.1", "Mozilla/5.0 (compatible; Googlebot/2.1)", "Mozilla/5.0 HeadlessChrome/120.0", "okhttp/4.12.0"]) {
      expect(machineRule("click", request({ userAgent: agent }), SENT), agent).toBe("automated_client");
    }
    expect(machineRule("click", request({ userAgent: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/124.0 Mobile Safari/537.36" }), SENT)).toBeNull();
  });

  it("too_soon_after_send: within 2 s of the send for an open, 1 s for a click, or before the send was recorded", () => {
    const at = (ms: number) => new Date(SENT.getTime() + ms);
    expect(machineRule("open", request({ at: at(1_500) }), SENT)).toBe("too_soon_after_send");
    expect(machineRule("open", request({ at: at(2_500) }), SENT)).toBeNull();
    expect(machineRule("click", request({ at: at(800) }), SENT)).toBe("too_soon_after_send");
    expect(machineRule("click", request({ at: at(1_500) }), SENT)).toBeNull();
    expect(machineRule("click", request(), null)).toBe("too_soon_after_send");
  });

  it("names the image proxy that fetched on the reader's behalf", () => {
    expect(imageProxy(request({ userAgent: "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)" }))).toBe("google_image_proxy");
    expect(imageProxy(request({ userAgent: "YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html" }))).toBe("yahoo_mail_proxy");
    expect(imageProxy(request())).toBeNull();
  });

  it("reads the signals from the request's headers, bounded", () => {
    const headers = new Headers({ "user-agent": `x${"y".repeat(5000)}`, "accept-language": "de" });
    const signals = trackingRequest("GET", headers, "10.0.0.1", LATER);
    expect(signals.userAgent).toHaveLength(512);
    expect(signals).toMatchObject({ method: "GET", acceptLanguage: "de", clientAddress: "10.0.0.1", at: LATER });
  });
});
