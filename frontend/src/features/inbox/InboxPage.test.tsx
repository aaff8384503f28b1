import { describe, expect, it } from "vitest";
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { InboxPage, nextOrdering, SORTS } from "./InboxPage";
import { renderPage } from "../../test/render";
import { mockFetch, page } from "../../test/fetch";
import { AGENT, signInAs } from "../../test/tokens";

const task = (id: number, overrides = {}) => ({
  id,
  ticket_number: `TX2026112100000${id}`,
  subject: `Printer ${id} is on fire`,
  priority: "High",
  status: "in_progress",
  resolution: "",
  workflow: { id: 1, name: "IT Support", version: 1 },
  current_step: { id: 3, name: "Resolve", role: "Agent", instruction: "" },
  assignee: { user_id: 7, user_email: "agent1@tts.local", user_full_name: "Agent One", target_resolution: new Date(Date.now() + 3600_000).toISOString() },
  owner_user_id: 2,
  received_at: new Date(Date.now() - 600_000).toISOString(),
  target_resolution: new Date(Date.now() + 7200_000).toISOString(),
  completed_at: null,
  breached: false,
  ...overrides,
});

describe("InboxPage", () => {
  it("lists the caller's open tasks with their step, priority and SLA", async () => {
    signInAs(AGENT);
    const calls = mockFetch({ "GET /svc/workflow/tasks/": page([task(1), task(2, { priority: "Critical" })]) });
    renderPage(<InboxPage scope="mine" />, { path: "/inbox" });
    const rows = await screen.findAllByTestId("task-row");
    expect(rows).toHaveLength(2);
    expect(within(rows[1]).getByText("Critical")).toBeInTheDocument();
    expect(within(rows[0]).getByText("Resolve")).toBeInTheDocument();
    const url = new URL(calls[0].url, "http://console");
    expect(url.searchParams.get("mine")).toBe("true");
    expect(url.searchParams.get("status")).toBe("in_progress");
    expect(url.searchParams.get("ordering")).toBe("-received_at");
  });

  it("searches, filters and sorts through the API's parameters", async () => {
    signInAs(AGENT);
    const calls = mockFetch({ "GET /svc/workflow/tasks/": page([task(1)]) });
    renderPage(<InboxPage scope="mine" />, { path: "/inbox" });
    await screen.findAllByTestId("task-row");
    await userEvent.type(screen.getByLabelText("Ticket number or subject"), "TX42");
    await userEvent.click(screen.getByRole("button", { name: "Search" }));
    await userEvent.selectOptions(screen.getByLabelText("Priority"), "Critical");
    await userEvent.click(screen.getByRole("button", { name: /^Priority/ }));
    const last = new URL(calls[calls.length - 1].url, "http://console");
    expect(last.searchParams.get("search")).toBe("TX42");
    expect(last.searchParams.get("priority")).toBe("Critical");
    expect(last.searchParams.get("ordering")).toBe("-priority_rank");
  });

  it("sorts by priority most important first on the first click, then toggles", async () => {
    signInAs(AGENT);
    const calls = mockFetch({ "GET /svc/workflow/tasks/": page([task(1)]) });
    renderPage(<InboxPage scope="mine" />, { path: "/inbox" });
    await screen.findAllByTestId("task-row");
    const ordering = () => new URL(calls[calls.length - 1].url, "http://console").searchParams.get("ordering");

    await userEvent.click(screen.getByRole("button", { name: /^Priority/ }));
    expect(ordering()).toBe("-priority_rank"); // Critical (rank 4) first
    expect(screen.getByRole("columnheader", { name: /^Priority/ })).toHaveAttribute("aria-sort", "descending");
    await userEvent.click(screen.getByRole("button", { name: /^Priority/ }));
    expect(ordering()).toBe("priority_rank");
    await userEvent.click(screen.getByRole("button", { name: /^Priority/ }));
    expect(ordering()).toBe("-priority_rank");
  });

  it("keeps a long unbroken subject on one truncated line, whole in its title and its text", async () => {
    signInAs(AGENT);
    const subject = "X".repeat(300);
    mockFetch({ "GET /svc/workflow/tasks/": page([task(1, { subject })]) });
    renderPage(<InboxPage scope="mine" />, { path: "/inbox" });
    const cell = await screen.findByTestId("task-subject");
    expect(cell).toHaveClass("truncate");
    expect(cell).toHaveAttribute("title", subject);
    expect(cell).toHaveTextContent(subject); // what a screen reader reads: all of it
    expect(cell.closest("td")).toHaveClass("cell-subject");
    // the phone card's SLA says what it is
    expect(screen.getByTestId("task-row").querySelector("td.cell-target_resolution")).toHaveAttribute("data-label", "SLA");
  });

  it("shows every status of my tasks when asked for any", async () => {
    signInAs(AGENT);
    const calls = mockFetch({ "GET /svc/workflow/tasks/": page([task(1)]) });
    renderPage(<InboxPage scope="mine" />, { path: "/inbox" });
    await screen.findAllByTestId("task-row");
    await userEvent.selectOptions(screen.getByLabelText("Status"), "Any");
    const last = new URL(calls[calls.length - 1].url, "http://console");
    expect(last.searchParams.get("status")).toBeNull();
    expect(last.searchParams.get("mine")).toBe("true");
    expect(screen.getByLabelText("Status")).toHaveValue("any");
  });

  it("says so when nothing is assigned", async () => {
    signInAs(AGENT);
    mockFetch({ "GET /svc/workflow/tasks/": page([]) });
    renderPage(<InboxPage scope="mine" />, { path: "/inbox" });
    expect(await screen.findByText("Nothing in your inbox")).toBeInTheDocument();
  });

  it("shows the server's refusal instead of a blank page", async () => {
    signInAs(AGENT);
    mockFetch({ "GET /svc/workflow/tasks/": { status: 503, body: { detail: "database unavailable" } } });
    renderPage(<InboxPage scope="mine" />, { path: "/inbox" });
    expect(await screen.findByRole("alert")).toHaveTextContent("database unavailable");
  });
});

describe("nextOrdering", () => {
  it.each(SORTS.map((sort) => [sort.key, sort.first] as const))("%s: the first click sorts %s, each further click toggles", (key, first) => {
    const firstOrdering = first === "desc" ? `-${key}` : key;
    const other = first === "desc" ? key : `-${key}`;
    for (const current of ["-received_at", "status", "-target_resolution", "id"].filter((ordering) => ordering.replace("-", "") !== key)) {
      expect(nextOrdering(current, key)).toBe(firstOrdering);
    }
    expect(nextOrdering(firstOrdering, key)).toBe(other);
    expect(nextOrdering(other, key)).toBe(firstOrdering);
  });

  it("puts the most important priority first and the newest tasks first", () => {
    expect(nextOrdering("-received_at", "priority_rank")).toBe("-priority_rank");
    expect(nextOrdering("status", "received_at")).toBe("-received_at");
    expect(nextOrdering("status", "target_resolution")).toBe("target_resolution");
  });
});
