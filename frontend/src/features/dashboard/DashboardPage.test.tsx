import { beforeAll, describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { DashboardPage } from "./DashboardPage";
import { formatMeanTime } from "./api";
import { renderPage } from "../../test/render";
import { mockFetch } from "../../test/fetch";
import { ADMIN, AGENT, signInAs } from "../../test/tokens";

beforeAll(() => {
  // recharts' ResponsiveContainer watches its box; jsdom has no ResizeObserver.
  if (!("ResizeObserver" in globalThis)) {
    globalThis.ResizeObserver = class {
      observe() {}
      unobserve() {}
      disconnect() {}
    } as unknown as typeof ResizeObserver;
  }
});

const stats = (overrides = {}) => ({
  days: 30,
  generated_at: "2026-11-21T09:00:00Z",
  open_by_status: { pending: 3, in_progress: 9 },
  open_by_priority: { Low: 1, Medium: 4, High: 5, Critical: 2 },
  open_by_step: [
    { workflow: "IT Support", step: "Triage", count: 3 },
    { workflow: "IT Support", step: "Resolve", count: 9 },
  ],
  breached_open: 2,
  breaches_in_period: 6,
  unmatched: 4,
  per_day: [
    { date: "2026-11-20", received: 5, resolved: 3 },
    { date: "2026-11-21", received: 2, resolved: 4 },
  ],
  mean_time_to_resolve_seconds: 18_720,
  completed_in_period: 41,
  ...overrides,
});

const kpi = (name: string) => within(screen.getByRole("group", { name })).getByTestId("kpi-value");

describe("formatMeanTime", () => {
  it("reads like a duration", () => {
    expect(formatMeanTime(18_720)).toBe("5h 12m");
    expect(formatMeanTime(720)).toBe("12m");
    expect(formatMeanTime(2 * 86400 + 3 * 3600 + 59)).toBe("2d 3h");
    expect(formatMeanTime(3600)).toBe("1h");
    expect(formatMeanTime(null)).toBe("—");
  });
});

describe("DashboardPage", () => {
  it("shows the KPI figures, the formatted mean time and the unmatched link to an administrator", async () => {
    signInAs(ADMIN);
    const calls = mockFetch({ "GET /svc/workflow/tasks/stats/": stats() });
    renderPage(<DashboardPage />, { path: "/dashboard" });
    expect(await screen.findByRole("group", { name: "Open tasks" })).toBeInTheDocument();
    expect(kpi("Open tasks")).toHaveTextContent("12");
    expect(kpi("SLA breached now")).toHaveTextContent("2");
    expect(screen.getByRole("group", { name: "SLA breached now" })).toHaveClass("kpi-danger");
    expect(kpi("Breaches in period")).toHaveTextContent("6");
    expect(kpi("Mean time to resolve")).toHaveTextContent("5h 12m");
    expect(kpi("Completed in period")).toHaveTextContent("41");
    expect(kpi("Unmatched tickets")).toHaveTextContent("4");
    expect(within(screen.getByRole("group", { name: "Unmatched tickets" })).getByRole("link")).toHaveAttribute("href", "/admin/intake");
    expect(screen.getByText(/All tasks in the system/)).toBeInTheDocument();
    expect(new URL(calls[0].url, "http://console").searchParams.get("days")).toBe("30");
  });

  it("summarises every chart's numbers for assistive technology", async () => {
    signInAs(ADMIN);
    mockFetch({ "GET /svc/workflow/tasks/stats/": stats() });
    renderPage(<DashboardPage />, { path: "/dashboard" });
    const priority = await screen.findByRole("table", { name: "Open tasks by priority" });
    expect(within(priority).getByRole("row", { name: "Critical 2" })).toBeInTheDocument();
    const steps = screen.getByRole("table", { name: "Open tasks by step" });
    const rows = within(steps).getAllByRole("row");
    expect(rows[1]).toHaveTextContent("IT Support · Resolve9"); // busiest first
    expect(screen.getByText("Over the last 30 days: 7 received, 7 resolved.")).toBeInTheDocument();
    expect(within(screen.getByRole("table", { name: "Open tasks by status" })).getByRole("row", { name: "In progress 9" })).toBeInTheDocument();
  });

  it("asks for the chosen period", async () => {
    signInAs(ADMIN);
    const calls = mockFetch({
      "GET /svc/workflow/tasks/stats/": (call: { url: string }) => stats({ days: Number(new URL(call.url, "http://console").searchParams.get("days")) }),
    });
    renderPage(<DashboardPage />, { path: "/dashboard" });
    await screen.findByRole("group", { name: "Open tasks" });
    await userEvent.click(screen.getByRole("button", { name: "7 days" }));
    await waitFor(() => expect(new URL(calls[calls.length - 1].url, "http://console").searchParams.get("days")).toBe("7"));
    expect(screen.getByRole("button", { name: "7 days" })).toHaveAttribute("aria-pressed", "true");
    expect(await screen.findByText("Over the last 7 days: 7 received, 7 resolved.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "90 days" }));
    await waitFor(() => expect(new URL(calls[calls.length - 1].url, "http://console").searchParams.get("days")).toBe("90"));
  });

  it("tells an agent the figures are their own and leaves out intake", async () => {
    signInAs(AGENT);
    mockFetch({ "GET /svc/workflow/tasks/stats/": stats({ breached_open: 0, mean_time_to_resolve_seconds: null }) });
    renderPage(<DashboardPage />, { path: "/dashboard" });
    expect(screen.getByText(/Your tasks: the ones you hold/)).toBeInTheDocument();
    await screen.findByRole("group", { name: "Open tasks" });
    expect(screen.queryByRole("group", { name: "Unmatched tickets" })).not.toBeInTheDocument();
    expect(screen.getByRole("group", { name: "SLA breached now" })).not.toHaveClass("kpi-danger");
    expect(kpi("Mean time to resolve")).toHaveTextContent("—");
  });

  it("shows empty charts when nothing is open", async () => {
    signInAs(AGENT);
    mockFetch({
      "GET /svc/workflow/tasks/stats/": stats({
        open_by_status: { pending: 0, in_progress: 0 },
        open_by_priority: { Low: 0, Medium: 0, High: 0, Critical: 0 },
        open_by_step: [],
        per_day: [{ date: "2026-11-21", received: 0, resolved: 0 }],
        completed_in_period: 0,
        breached_open: 0,
      }),
    });
    renderPage(<DashboardPage />, { path: "/dashboard" });
    expect(await screen.findByText(/You hold no open task/)).toBeInTheDocument();
    expect(screen.getAllByText("No open tasks.")).toHaveLength(2);
    expect(kpi("Open tasks")).toHaveTextContent("0");
  });

  it("shows an error state when the statistics endpoint is missing", async () => {
    signInAs(ADMIN);
    mockFetch({});
    renderPage(<DashboardPage />, { path: "/dashboard" });
    expect(await screen.findByRole("alert")).toHaveTextContent("Statistics are not available yet");
  });
});
