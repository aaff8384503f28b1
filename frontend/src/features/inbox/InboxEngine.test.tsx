import { describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { InboxPage } from "./InboxPage";
import { renderPage } from "../../test/render";
import { mockFetch, page } from "../../test/fetch";
import { ADMIN, AGENT, signInAs } from "../../test/tokens";

const person = (user_id: number, user_full_name: string) => ({ user_id, user_email: `u${user_id}@tts.local`, user_full_name, target_resolution: null });

const task = (id: number, overrides = {}) => ({
  id,
  ticket_number: `TX2026113000000${id}`,
  subject: `Request ${id}`,
  priority: "High",
  status: "in_progress",
  resolution: "",
  workflow: { id: 1, name: "IT Support", version: 1 },
  current_step: { id: 3, name: "Resolve", role: "Agent", instruction: "" },
  assignee: person(7, "Agent One"),
  assignees: [person(7, "Agent One")],
  owner_user_id: 2,
  received_at: new Date(Date.now() - 600_000).toISOString(),
  target_resolution: new Date(Date.now() + 7200_000).toISOString(),
  completed_at: null,
  held_at: null,
  hold_reason: "",
  breached: false,
  sla_met: null,
  sla_margin_seconds: null,
  resolution_open_seconds: null,
  ...overrides,
});

describe("InboxPage: held and closed tasks", () => {
  it("says On hold for a held row and the outcome for closed rows, never a countdown", async () => {
    signInAs(AGENT);
    const done = { status: "completed", resolution: "Resolved", completed_at: new Date().toISOString() };
    mockFetch({
      "GET /svc/workflow/tasks/": page([
        task(1, { status: "on_hold", held_at: new Date().toISOString(), hold_reason: "Waiting for parts" }),
        task(2, { ...done, sla_met: true, sla_margin_seconds: 3 * 3600 }),
        task(3, { ...done, sla_met: false, sla_margin_seconds: -2 * 3600 }),
        task(4, { status: "cancelled" }),
      ]),
    });
    renderPage(<InboxPage scope="mine" />, { path: "/inbox?status=any" });
    const rows = await screen.findAllByTestId("task-row");
    expect(within(rows[0]).getAllByText("On hold")).toHaveLength(2); // the status badge and the SLA cell
    expect(within(rows[0]).getByTitle("On hold: Waiting for parts")).toBeInTheDocument();
    expect(within(rows[1]).getByTestId("sla-outcome")).toHaveTextContent("met, 3 h early");
    expect(within(rows[2]).getByTestId("sla-outcome")).toHaveTextContent("missed by 2 h");
    expect(within(rows[3]).queryByTestId("sla-outcome")).not.toBeInTheDocument();
    for (const row of rows) expect(row.querySelector(".sla-ok, .sla-warning, .sla-breached")).toBeNull();
  });

  it("filters on hold through the API's status", async () => {
    signInAs(AGENT);
    const calls = mockFetch({ "GET /svc/workflow/tasks/": page([task(1)]) });
    renderPage(<InboxPage scope="mine" />, { path: "/inbox" });
    await screen.findAllByTestId("task-row");
    await userEvent.selectOptions(screen.getByLabelText("Status"), "on_hold");
    await waitFor(() => expect(new URL(calls[calls.length - 1].url, "http://console").searchParams.get("status")).toBe("on_hold"));
  });

  it("names every assignee of a K-of-N step in All tasks", async () => {
    signInAs(ADMIN);
    mockFetch({ "GET /svc/workflow/tasks/": page([task(1, { assignees: [person(7, "Agent One"), person(8, "Bea Approver"), person(9, "Cy Approver")] }), task(2, { assignee: null, assignees: [] })]) });
    renderPage(<InboxPage scope="all" />, { path: "/tasks" });
    const rows = await screen.findAllByTestId("task-row");
    expect(within(rows[0]).getByText("Agent One, Bea Approver, Cy Approver")).toBeInTheDocument();
    expect(rows[1].lastElementChild).toHaveTextContent("—");
  });
});
