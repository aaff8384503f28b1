import { describe, expect, it } from "vitest";
import { isAtLocation, viewDraftFrom, viewLocation } from "./api";

const params = (text: string) => new URLSearchParams(text);

describe("saved views: what is kept and where a view opens", () => {
  it("keeps the inbox's own filters: mine, its default status, and the sort", () => {
    expect(viewDraftFrom(params(""), "mine")).toEqual({ filters: { mine: "true", status: "in_progress" }, ordering: "-received_at" });
    expect(viewDraftFrom(params("status=any&priority=High&breached=true&search=printer&ordering=priority_rank&page=3"), "mine")).toEqual({
      filters: { mine: "true", priority: "High", breached: "true", search: "printer" },
      ordering: "priority_rank",
    });
  });

  it("keeps no mine filter from All tasks, and no status when none is chosen there", () => {
    expect(viewDraftFrom(params("priority=Low"), "all")).toEqual({ filters: { priority: "Low" }, ordering: "-received_at" });
  });

  it("opens a view of one's own tasks in the inbox, 'any' status when it has none", () => {
    expect(viewLocation({ filters: { mine: "true", priority: "High" }, ordering: "-priority_rank" }, true)).toBe(
      "/inbox?ordering=-priority_rank&priority=High&status=any",
    );
    expect(viewLocation({ filters: { mine: "true", status: "on_hold" }, ordering: "" }, false)).toBe("/inbox?status=on_hold");
  });

  it("opens other views in All tasks for administrators and in the inbox for everyone else", () => {
    const view = { filters: { breached: "true", workflow: "3" }, ordering: "" };
    expect(viewLocation(view, true)).toBe("/tasks?breached=true");
    expect(viewLocation(view, false)).toBe("/inbox?breached=true&status=any");
  });

  it("round-trips: a view saved from a page opens that same page", () => {
    const search = "priority=Critical&status=pending&ordering=target_resolution";
    const draft = viewDraftFrom(params(search), "mine");
    expect(isAtLocation(viewLocation(draft, false), "/inbox", `?${search}&page=2`)).toBe(true);
    expect(isAtLocation(viewLocation(draft, false), "/inbox", "?priority=Critical")).toBe(false);
    expect(isAtLocation(viewLocation(draft, false), "/tasks", `?${search}`)).toBe(false);
  });

  it("counts the page's defaults as given: the inbox in progress, newest first", () => {
    const saved = viewDraftFrom(params("priority=High"), "mine");
    expect(isAtLocation(viewLocation(saved, false), "/inbox", "?priority=High")).toBe(true);
    expect(isAtLocation(viewLocation(saved, false), "/inbox", "?priority=High&status=in_progress&ordering=-received_at")).toBe(true);
    expect(isAtLocation(viewLocation(saved, false), "/inbox", "?priority=High&status=any")).toBe(false);
  });
});
