import { describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config.ts";

describe("configuration from the environment", () => {
  it("defaults: media on, loopback WebRTC, no test hooks", () => {
    const c = loadConfig({});
    expect(c.media).toMatchObject({ listenIp: "127.0.0.1", basePort: 0, allowPlainTransports: false });
    expect(c.media!.workers).toBeGreaterThanOrEqual(1);
    expect(c.testHooks).toBe(false);
    expect(loadConfig({ FOYER_MEDIA: "off" }).media).toBeNull();
  });

  it("a value that does not mean what it seems stops the server, naming the variable", () => {
    expect(() => loadConfig({ FOYER_MEDIA: "0" })).toThrow(/FOYER_MEDIA: must be "on" or "off"/);
    expect(() => loadConfig({ FOYER_TEST_HOOKS: "yes" })).toThrow(/FOYER_TEST_HOOKS: must be "0" or "1"/);
    expect(() => loadConfig({ FOYER_RTC_LISTEN_IP: "localhost" })).toThrow(/FOYER_RTC_LISTEN_IP: must be an IP address/);
    expect(() => loadConfig({ FOYER_MEDIA_WORKERS: "0" })).toThrow(/FOYER_MEDIA_WORKERS/);
    expect(() => loadConfig({ PORT: "http" })).toThrow(/PORT/);
  });

  it("an empty variable counts as unset", () => {
    expect(loadConfig({ FOYER_MEDIA_WORKERS: "", FOYER_MEDIA: "" }).media).not.toBeNull();
  });
});
