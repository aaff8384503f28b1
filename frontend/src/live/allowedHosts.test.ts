import { describe, expect, it } from "vitest";
import { allowedHosts } from "../../proxy.config";

describe("allowedHosts (vite preview's preview.allowedHosts, from TTS_PUBLIC_HOSTS)", () => {
  it("answers any host under make run, where the setting is unset", () => {
    expect(allowedHosts({})).toBe(true);
    expect(allowedHosts({ TTS_PUBLIC_HOSTS: "*" })).toBe(true);
    expect(allowedHosts({ TTS_PUBLIC_HOSTS: "tts.example.org,*" })).toBe(true);
  });

  it("answers only the listed names otherwise", () => {
    expect(allowedHosts({ TTS_PUBLIC_HOSTS: " tts.example.org, .corp.example ,10.0.0.5", DJANGO_ENV: "production" })).toEqual([
      "tts.example.org",
      ".corp.example",
      "10.0.0.5",
    ]);
  });

  it("refuses to start in production without the setting, or with an entry that is not a host", () => {
    expect(() => allowedHosts({ DJANGO_ENV: "production" })).toThrow("TTS_PUBLIC_HOSTS must be set when DJANGO_ENV=production");
    expect(() => allowedHosts({ TTS_PUBLIC_HOSTS: "http://tts.example.org:1000" })).toThrow("TTS_PUBLIC_HOSTS: 'http://tts.example.org:1000'");
  });
});
