import { beforeAll, describe, expect, it } from "vitest";
import { screen, within } from "@testing-library/react";
import { DashboardPage } from "./DashboardPage";
import { formatShare } from "./api";
import { renderPage } from "../../test/render";
import { mockFetch } from "../../test/fetch";
import { ADMIN, signInAs } from "../../test/tokens";

beforeAll(() => {
  if (!("ResizeObserver" in globalThis)) {
    globalThis.ResizeObserver = class {
      observe() {}
      unobserve() {}
      disconnect() {}
    } as unknown as typeof ResizeObserver;
  }
});

const none = { completed: 0, met: 0, share: null };
const stats = (overrides = {}) => ({
  days: 30,
  generated_at: "2026-11-30T09:00:00Z",
  open_by_status: { pending: 3, in_progress: 9, on_hold: 2 },
  open_by_priority: { Low: 1, Medium: 4, High: 5, Critical: 4 },
  open_by_step: [],
  breached_open: 0,
  breaches_in_period: 0,
  unmatched: 0,
  per_day: [{ date: "2026-11-30", received: 1, resolved: 1 }],
  mean_time_to_resolve_seconds: 3600,
  completed_in_period: 8,
  sla_met_by_workflow: [
    { workflow: "Laptop requests", completed: 6, met: 5, share: 5 / 6 },
    { workflow: "Access", completed: 2, met: 1, share: 0.5 },
  ],
  sla_met_by_priority: { Low: none, Medium: { completed: 3, met: 3, share: 1 }, High: { completed: 5, met: 3, share: 0.6 }, Critical: none },
  ...overrides,
});

describe("formatShare", () => {
  it("reads as a percentage, — for no share", () => {
    expect(formatShare(5 / 6)).toBe("83%");
    expect(formatShare(0)).toBe("0%");
    expect(formatShare(1)).toBe("100%");
    expect(formatShare(null)).toBe("—");
  });
});

describe("DashboardPage: on hold and SLA met", () => {
  it("counts held tasks as open and draws them among open-by-status", async () => {
    signInAs(ADMIN);
    mockFetch({ "GET /svc/workflow/tasks/stats/": stats() });
    renderPage(<DashboardPage />, { path: "/dashboard" });
    const open = await screen.findByRole("group", { name: "Open tasks" });
    expect(within(open).getByTestId("kpi-value")).toHaveTextContent("14");
    expect(open).toHaveTextContent("3 pending · 9 in progress · 2 on hold");
    expect(within(screen.getByRole("table", { name: "Open tasks by status" })).getByRole("row", { name: "On hold 2" })).toBeInTheDocument();
  });

  it("shows the share met per workflow and per priority with the counts, — where nothing completed", async () => {
    signInAs(ADMIN);
    mockFetch({ "GET /svc/workflow/tasks/stats/": stats() });
    renderPage(<DashboardPage />, { path: "/dashboard" });
    const panel = await screen.findByTestId("sla-met");
    expect(panel).toHaveTextContent("6 of 8 tasks completed in the last 30 days met their SLA (75%).");
    const workflows = within(panel).getByRole("table", { name: "By workflow" });
    const rows = within(workflows).getAllByTestId("sla-met-row");
    expect(rows.map((row) => row.textContent)).toEqual(["Access1 of 250%", "Laptop requests5 of 683%"]);
    const priorities = within(panel).getByRole("table", { name: "By priority" });
    expect(within(priorities).getByRole("row", { name: "High 3 of 5 60%" })).toBeInTheDocument();
    expect(within(priorities).getByRole("row", { name: "Medium 3 of 3 100%" })).toBeInTheDocument();
    expect(within(priorities).getByRole("row", { name: "Critical — —" })).toBeInTheDocument();
  });

  it("puts each share table in its own sideways scroller, so a long workflow name never widens a phone's page", async () => {
    signInAs(ADMIN);
    mockFetch({ "GET /svc/workflow/tasks/stats/": stats() });
    renderPage(<DashboardPage />, { path: "/dashboard" });
    const panel = await screen.findByTestId("sla-met");
    for (const name of ["By workflow", "By priority"]) {
      const scroller = within(panel).getByRole("table", { name }).parentElement;
      expect(scroller).toHaveClass("table-scroll");
    }
  });

  it("says so when nothing with a target was completed", async () => {
    signInAs(ADMIN);
    mockFetch({ "GET /svc/workflow/tasks/stats/": stats({ sla_met_by_workflow: [], sla_met_by_priority: { Low: none, Medium: none, High: none, Critical: none } }) });
    renderPage(<DashboardPage />, { path: "/dashboard" });
    const panel = await screen.findByTestId("sla-met");
    expect(panel).toHaveTextContent("No task with an SLA target was completed in the last 30 days.");
    expect(panel).toHaveTextContent("No workflow completed a task in this period.");
    expect(within(within(panel).getByRole("table", { name: "By priority" })).getAllByText("—")).toHaveLength(8);
  });
});
