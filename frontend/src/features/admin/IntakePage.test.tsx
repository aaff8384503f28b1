import { describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { IntakePage } from "./IntakePage";
import { renderPage } from "../../test/render";
import { mockFetch, page, type RecordedCall } from "../../test/fetch";
import { ADMIN, signInAs } from "../../test/tokens";

const unmatched = (id: number, overrides = {}) => ({
  id,
  ticket_number: `TX2026112100010${id}`,
  subject: `Strange request ${id}`,
  priority: "Medium",
  status: "unmatched",
  resolution: "",
  workflow: null,
  current_step: null,
  assignee: null,
  owner_user_id: null,
  received_at: new Date(Date.now() - 3600_000).toISOString(),
  target_resolution: null,
  completed_at: null,
  breached: false,
  ...overrides,
});

const failure = (id: number, overrides = {}) => ({
  id,
  created_at: "2026-11-21T08:30:00Z",
  ticket_number: `TX2026112100020${id}`,
  reason: `priority: "Urgent" is not a valid choice (${id})`,
  payload: { ticket_number: `TX2026112100020${id}`, priority: "Urgent", subject: "Broken" },
  message_id: `c0ffee-${id}`,
  ...overrides,
});

const failuresRoute = (call: RecordedCall) => {
  const ticket = new URL(call.url, "http://console").searchParams.get("ticket_number");
  const all = [failure(1), failure(2, { payload: "not json at all" })];
  return page(ticket ? all.filter((item) => item.ticket_number === ticket) : all);
};

describe("IntakePage", () => {
  it("shows each unmatched ticket's category, sub-category and department and why it matched nothing", async () => {
    signInAs(ADMIN);
    mockFetch({
      "GET /svc/workflow/tasks/": page([
        unmatched(1, {
          category: "Catering",
          sub_category: "Coffee",
          department: "Facilities Department",
          unmatched_reason: "No workflow handles the category 'Catering'.",
        }),
        unmatched(2, { category: "IT Support", sub_category: "", department: "", unmatched_reason: "The ticket has no department, and every workflow matches on one." }),
      ]),
      "GET /svc/workflow/intake-failures/": page([]),
    });
    renderPage(<IntakePage />, { path: "/admin/intake" });
    const rows = await screen.findAllByTestId("unmatched-row");
    expect(screen.getByRole("columnheader", { name: "Why it matched nothing" })).toBeInTheDocument();
    expect(within(rows[0]).getByTestId("unmatched-category")).toHaveTextContent("Catering › Coffee");
    expect(within(rows[0]).getByTestId("unmatched-department")).toHaveTextContent("Facilities Department");
    expect(within(rows[0]).getByTestId("unmatched-reason")).toHaveTextContent("No workflow handles the category 'Catering'.");
    expect(within(rows[1]).getByTestId("unmatched-category")).toHaveTextContent("IT Support › (no sub-category)");
    expect(within(rows[1]).getByTestId("unmatched-department")).toHaveTextContent("(none)");
    expect(within(rows[1]).getByTestId("unmatched-reason")).toHaveTextContent("The ticket has no department");
  });

  it("lists unmatched tickets with links to their tasks and explains them", async () => {
    signInAs(ADMIN);
    const calls = mockFetch({
      "GET /svc/workflow/tasks/": page([unmatched(1), unmatched(2, { priority: "Critical" })], 2),
      "GET /svc/workflow/intake-failures/": page([]),
    });
    renderPage(<IntakePage />, { path: "/admin/intake" });
    const rows = await screen.findAllByTestId("unmatched-row");
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByRole("link", { name: "TX20261121000101" })).toHaveAttribute("href", "/tasks/1");
    expect(within(rows[1]).getByText("Critical")).toBeInTheDocument();
    expect(screen.getByText(/matched no deployed workflow/)).toBeInTheDocument();
    const url = new URL(calls.find((call) => call.url.startsWith("/svc/workflow/tasks/"))!.url, "http://console");
    expect(url.searchParams.get("status")).toBe("unmatched");
    expect(await screen.findByText("No intake failures")).toBeInTheDocument();
  });

  it("lists intake failures with their reasons and reveals a payload as formatted JSON", async () => {
    signInAs(ADMIN);
    mockFetch({ "GET /svc/workflow/tasks/": page([]), "GET /svc/workflow/intake-failures/": failuresRoute });
    renderPage(<IntakePage />, { path: "/admin/intake" });
    const rows = await screen.findAllByTestId("failure-row");
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByText('priority: "Urgent" is not a valid choice (1)')).toBeInTheDocument();
    expect(within(rows[0]).getByText("c0ffee-1")).toBeInTheDocument();
    expect(screen.getByText("No unmatched tickets")).toBeInTheDocument();
    expect(screen.queryByLabelText("Payload of TX20261121000201")).not.toBeInTheDocument();

    const show = within(rows[0]).getByRole("button", { name: "Show payload" });
    await userEvent.click(show);
    expect(show).toHaveAttribute("aria-expanded", "true");
    const payload = screen.getByLabelText("Payload of TX20261121000201");
    expect(payload.textContent).toBe(JSON.stringify(failure(1).payload, null, 2));
    expect(payload.textContent).toContain('\n  "priority": "Urgent"');

    await userEvent.click(within(rows[1]).getByRole("button", { name: "Show payload" }));
    expect(screen.getByLabelText("Payload of TX20261121000202")).toHaveTextContent("not json at all");
    await userEvent.click(within(rows[0]).getByRole("button", { name: "Hide payload" }));
    expect(screen.queryByLabelText("Payload of TX20261121000201")).not.toBeInTheDocument();
  });

  it("searches failures by ticket number", async () => {
    signInAs(ADMIN);
    const calls = mockFetch({ "GET /svc/workflow/tasks/": page([]), "GET /svc/workflow/intake-failures/": failuresRoute });
    renderPage(<IntakePage />, { path: "/admin/intake" });
    await screen.findAllByTestId("failure-row");
    await userEvent.type(screen.getByLabelText("Ticket number"), "TX20261121000202");
    await userEvent.click(screen.getByRole("button", { name: "Search" }));
    await waitFor(() => expect(screen.getAllByTestId("failure-row")).toHaveLength(1));
    const last = new URL(calls[calls.length - 1].url, "http://console");
    expect(last.pathname).toBe("/svc/workflow/intake-failures/");
    expect(last.searchParams.get("ticket_number")).toBe("TX20261121000202");
  });

  it("shows an error in one section without hiding the other", async () => {
    signInAs(ADMIN);
    mockFetch({ "GET /svc/workflow/tasks/": page([unmatched(1)]), "GET /svc/workflow/intake-failures/": { status: 503, body: { detail: "database unavailable" } } });
    renderPage(<IntakePage />, { path: "/admin/intake" });
    expect(await screen.findByRole("alert")).toHaveTextContent("database unavailable");
    expect(await screen.findAllByTestId("unmatched-row")).toHaveLength(1);
  });
});
