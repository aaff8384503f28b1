import { describe, expect, it } from "vitest";
import { formatSpan, resolutionText, slaOutcome } from "./slaOutcome";

describe("formatSpan", () => {
  it.each([
    [0, "no time"],
    [1, "under a minute"],
    [59, "under a minute"],
    [-59, "under a minute"],
    [60, "1 min"],
    [89, "1 min"],
    [90, "2 min"],
    [45 * 60, "45 min"],
    [3600, "1 h"],
    [3 * 3600, "3 h"],
    [3 * 3600 - 20, "3 h"],
    [5 * 3600 + 20 * 60, "5 h 20 min"],
    [-2 * 3600, "2 h"],
    [86400, "1 d"],
    [2 * 86400 + 4 * 3600 + 59 * 60, "2 d 4 h"],
    [40 * 86400, "40 d"],
  ])("%i s is %s", (seconds, text) => {
    expect(formatSpan(seconds)).toBe(text);
  });
});

describe("slaOutcome", () => {
  it("says how early a met SLA was", () => {
    expect(slaOutcome({ sla_met: true, sla_margin_seconds: 3 * 3600 })).toEqual({ met: true, short: "met, 3 h early", long: "SLA met, 3 h early" });
    expect(slaOutcome({ sla_met: true, sla_margin_seconds: 30 })?.short).toBe("met, under a minute early");
    expect(slaOutcome({ sla_met: true, sla_margin_seconds: 3 * 86400 + 7200 })?.short).toBe("met, 3 d 2 h early");
  });

  it("says a target hit to the second was met on time", () => {
    expect(slaOutcome({ sla_met: true, sla_margin_seconds: 0 })).toEqual({ met: true, short: "met, on time", long: "SLA met, right on time" });
  });

  it("says by how much a missed SLA was missed", () => {
    expect(slaOutcome({ sla_met: false, sla_margin_seconds: -2 * 3600 })).toEqual({ met: false, short: "missed by 2 h", long: "SLA missed by 2 h" });
    expect(slaOutcome({ sla_met: false, sla_margin_seconds: -5 })?.short).toBe("missed by under a minute");
    expect(slaOutcome({ sla_met: false, sla_margin_seconds: 0 })?.short).toBe("missed by under a minute");
    expect(slaOutcome({ sla_met: false, sla_margin_seconds: -(86400 + 60) })?.long).toBe("SLA missed by 1 d");
  });

  it("has no outcome for an open or cancelled task, and no margin when the server gives none", () => {
    expect(slaOutcome({ sla_met: null, sla_margin_seconds: null })).toBeNull();
    expect(slaOutcome({})).toBeNull();
    expect(slaOutcome({ sla_met: false, sla_margin_seconds: null })?.short).toBe("missed");
  });
});

describe("resolutionText", () => {
  it("counts business hours", () => {
    expect(resolutionText(5 * 3600 + 20 * 60)).toBe("Resolved in 5 h 20 min of business hours");
    expect(resolutionText(0)).toBe("Resolved in under a minute of business hours");
    expect(resolutionText(null)).toBeNull();
  });
});
