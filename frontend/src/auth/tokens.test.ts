import { describe, expect, it } from "vitest";
import { decodeClaims, hasTTSRole, isAdministrator, secondsLeft } from "./tokens";
import { fakeToken } from "../test/tokens";

describe("token claims", () => {
  it("reads the claims, names with accents included", () => {
    const claims = decodeClaims(fakeToken({ full_name: "Zoë Ångström", roles: [{ system: "tts", role: "Admin" }] }));
    expect(claims?.full_name).toBe("Zoë Ångström");
    expect(isAdministrator(claims)).toBe(true);
  });

  it("tells TTS members from others", () => {
    expect(hasTTSRole(decodeClaims(fakeToken({ roles: [{ system: "hdts", role: "Employee" }] })))).toBe(false);
    expect(hasTTSRole(decodeClaims(fakeToken({ roles: [{ system: "tts", role: "Agent" }] })))).toBe(true);
    expect(isAdministrator(decodeClaims(fakeToken({ roles: [{ system: "hdts", role: "Admin" }] })))).toBe(false);
  });

  it("rejects what is not a token", () => {
    expect(decodeClaims("garbage")).toBeNull();
    expect(secondsLeft("garbage")).toBeLessThan(0);
  });

  it("counts the seconds left", () => {
    const left = secondsLeft(fakeToken({}, 120));
    expect(left).toBeGreaterThan(115);
    expect(left).toBeLessThanOrEqual(120);
  });
});
