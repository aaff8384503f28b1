import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import { formatRemaining, SlaCountdown, slaLevel } from "./SlaCountdown";

const at = (minutes: number) => new Date(Date.UTC(2026, 10, 21, 10, 0) + minutes * 60_000).toISOString();

describe("slaLevel", () => {
  it("is on track before 75% of the time is used, amber from 75%, red when past the target", () => {
    const now = Date.parse(at(0));
    expect(slaLevel(at(-10), at(90), now)).toBe("ok");
    expect(slaLevel(at(-75), at(25), now)).toBe("warning");
    expect(slaLevel(at(-74), at(26), now)).toBe("ok");
    expect(slaLevel(at(-100), at(0), now)).toBe("breached");
    expect(slaLevel(at(-100), at(50), now, false)).toBe("done");
  });
});

describe("formatRemaining", () => {
  it("reads like a clock", () => {
    expect(formatRemaining((2 * 86400 + 4 * 3600 + 59) * 1000)).toBe("2d 4h");
    expect(formatRemaining((3 * 3600 + 12 * 60) * 1000)).toBe("3h 12m");
    expect(formatRemaining(-(65 * 60) * 1000)).toBe("overdue 1h 5m");
  });
});

describe("SlaCountdown", () => {
  it("shows a breached task in red", () => {
    render(<SlaCountdown receivedAt={new Date(Date.now() - 7200_000).toISOString()} target={new Date(Date.now() - 60_000).toISOString()} open />);
    expect(screen.getByLabelText(/SLA breached/)).toHaveClass("sla-breached");
  });
});
