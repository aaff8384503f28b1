import { describe, expect, it } from "vitest";
import type { BusinessCalendar } from "../../api/types";
import { addInterval, calendarErrors, defaultCalendar, isClockTime, normaliseCalendar, removeInterval, timeZones, updateInterval, weeklyOpenMinutes } from "./calendar";
import { approvalProblems, draftApprovalProblems, emptyDraft, addStep, sameDraft, toPayload, workflowToDraft } from "./draft";
import { SERVER_WORKFLOW, workflowOf } from "./fixtures";

const MANILA: BusinessCalendar = {
  timezone: "Asia/Manila",
  hours: { mon: [["08:00", "12:00"], ["13:00", "17:00"]], tue: [["08:00", "17:00"]], wed: [["08:00", "17:00"]], thu: [["08:00", "17:00"]], fri: [["08:00", "17:00"]], sat: [], sun: [] },
  holidays: ["2026-12-25", "2027-01-01"],
};

describe("the calendar in the draft", () => {
  it("round-trips: the server's calendar comes back in the payload exactly", () => {
    const draft = workflowToDraft(workflowOf({ calendar: MANILA }));
    expect(draft.calendar).toEqual(MANILA);
    expect(draft.calendar).not.toBe(MANILA);
    expect(toPayload(draft).calendar).toEqual(MANILA);
    expect(JSON.parse(JSON.stringify(toPayload(draft))).calendar).toEqual(MANILA);
  });

  it("is null around the clock, absent or null alike, and an unchanged load is no edit", () => {
    expect(toPayload(workflowToDraft(SERVER_WORKFLOW)).calendar).toBeNull();
    expect(toPayload(workflowToDraft(workflowOf({ calendar: null }))).calendar).toBeNull();
    expect(toPayload(emptyDraft()).calendar).toBeNull();
    const loaded = workflowToDraft(workflowOf({ calendar: MANILA }));
    expect(sameDraft(loaded, workflowToDraft(workflowOf({ calendar: MANILA })))).toBe(true);
    expect(sameDraft(loaded, { ...loaded, calendar: addInterval(loaded.calendar!, "sat") })).toBe(false);
  });

  it("reads a day the server left out as closed", () => {
    const partial = { timezone: "UTC", hours: { mon: [["09:00", "17:00"]] }, holidays: [] } as unknown as BusinessCalendar;
    expect(normaliseCalendar(partial)!.hours.sun).toEqual([]);
    expect(Object.keys(normaliseCalendar(partial)!.hours)).toEqual(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
  });

  it("starts a new calendar Monday to Friday 09:00-17:00 in the given zone", () => {
    const calendar = defaultCalendar("Europe/Berlin");
    expect(calendar.timezone).toBe("Europe/Berlin");
    expect(calendar.hours.fri).toEqual([["09:00", "17:00"]]);
    expect(calendar.hours.sat).toEqual([]);
    expect(weeklyOpenMinutes(calendar)).toBe(40 * 60);
  });

  it("adds the hour after the last interval, 09:00-17:00 on a closed day, and never past midnight", () => {
    let calendar = defaultCalendar("UTC");
    calendar = addInterval(calendar, "mon");
    expect(calendar.hours.mon).toEqual([["09:00", "17:00"], ["17:00", "18:00"]]);
    calendar = addInterval(calendar, "sat");
    expect(calendar.hours.sat).toEqual([["09:00", "17:00"]]);
    calendar = updateInterval(calendar, "sun", 0, 0, "x"); // no interval 0 on Sunday: nothing changes
    expect(calendar.hours.sun).toEqual([]);
    calendar = addInterval({ ...calendar, hours: { ...calendar.hours, sun: [["20:00", "24:00"]] } }, "sun");
    expect(calendar.hours.sun[1]).toEqual(["23:00", "24:00"]);
    calendar = removeInterval(calendar, "mon", 0);
    expect(calendar.hours.mon).toEqual([["17:00", "18:00"]]);
    calendar = updateInterval(calendar, "mon", 0, 1, "19:30");
    expect(calendar.hours.mon).toEqual([["17:00", "19:30"]]);
  });

  it("knows a clock time", () => {
    expect(["00:00", "09:30", "23:59", "24:00"].every(isClockTime)).toBe(true);
    expect(["24:01", "9:30", "09:60", "", "noon"].some(isClockTime)).toBe(false);
  });

  it("offers the IANA zones with UTC", () => {
    const zones = timeZones();
    expect(zones).toContain("Asia/Manila");
    expect(zones).toContain("UTC");
    expect([...zones].sort()).toEqual(zones);
  });

  it("puts the server's errors where the form shows them", () => {
    const errors = calendarErrors({
      name: "ignored",
      "calendar.timezone": "'Mars/Base' is not a known IANA time zone",
      "calendar.hours.mon": "intervals overlap",
      "calendar.hours": "the week has no open hours",
      "calendar.hours.funday": "is not a day",
      "calendar.holidays": "'2026-13-01' is not a \"YYYY-MM-DD\" date",
      "calendar.colour": "is not a calendar key",
    });
    expect(errors.timezone).toBe("'Mars/Base' is not a known IANA time zone");
    expect(errors.days).toEqual({ mon: "intervals overlap" });
    expect(errors.hours).toBe("the week has no open hours funday: is not a day");
    expect(errors.holidays).toContain("2026-13-01");
    expect(errors.general).toBe("colour: is not a calendar key");
  });
});

describe("K of N", () => {
  const step = (assignees: string, approvals_required: string, approve_transition = "approve", reject_transition = "reject") => ({ assignees, approvals_required, approve_transition, reject_transition });

  it("accepts K <= N within 1..20", () => {
    expect(approvalProblems(step("1", "1"))).toEqual({});
    expect(approvalProblems(step("3", "2"))).toEqual({});
    expect(approvalProblems(step("3", "3"))).toEqual({});
    expect(approvalProblems(step("20", "1"))).toEqual({});
  });

  it("refuses K > N with a clear message", () => {
    expect(approvalProblems(step("3", "4")).approvals_required).toBe("Approvals needed (4) cannot be more than the people who must decide (3).");
    expect(approvalProblems(step("1", "2")).approvals_required).toContain("cannot be more than");
  });

  it("refuses N and K that are not whole numbers in range", () => {
    expect(approvalProblems(step("0", "1")).assignees).toBe("Give a whole number from 1 to 20.");
    expect(approvalProblems(step("21", "1")).assignees).toBeDefined();
    expect(approvalProblems(step("2.5", "1")).assignees).toBeDefined();
    expect(approvalProblems(step("", "1")).assignees).toBeDefined();
    expect(approvalProblems(step("3", "0")).approvals_required).toBe("Give a whole number, at least 1.");
    expect(approvalProblems(step("3", "")).approvals_required).toBeDefined();
  });

  it("wants two different transition names when several decide", () => {
    expect(approvalProblems(step("3", "2", "", "reject")).approve_transition).toBeDefined();
    expect(approvalProblems(step("3", "2", "approve", " ")).reject_transition).toBeDefined();
    expect(approvalProblems(step("3", "2", "ok", "ok")).reject_transition).toBe("Approval and rejection need different transitions.");
    expect(approvalProblems(step("1", "1", "", ""))).toEqual({});
  });

  it("names the step in the draft's problems, and writes N and K as numbers", () => {
    const { draft } = addStep(emptyDraft(), "Manager", "Approve");
    const wrong = { ...draft, steps: [{ ...draft.steps[0], assignees: "3", approvals_required: "4" }] };
    expect(draftApprovalProblems(wrong)).toEqual(["Step “Approve”: Approvals needed (4) cannot be more than the people who must decide (3)."]);
    const right = { ...draft, steps: [{ ...draft.steps[0], assignees: "3", approvals_required: "2", approve_transition: " approve " }] };
    expect(draftApprovalProblems(right)).toEqual([]);
    expect(toPayload(right).steps[0]).toMatchObject({ assignees: 3, approvals_required: 2, approve_transition: "approve", reject_transition: "reject" });
  });

  it("loads a step's N and K from the server, defaulting to one person", () => {
    const steps = [{ ...SERVER_WORKFLOW.steps[1], assignees: 3, approvals_required: 2, approve_transition: "yes", reject_transition: "no" }, SERVER_WORKFLOW.steps[0]];
    const draft = workflowToDraft(workflowOf({ steps }));
    expect(draft.steps[0]).toMatchObject({ assignees: "3", approvals_required: "2", approve_transition: "yes", reject_transition: "no" });
    expect(draft.steps[1]).toMatchObject({ assignees: "1", approvals_required: "1", approve_transition: "approve", reject_transition: "reject" });
  });
});
