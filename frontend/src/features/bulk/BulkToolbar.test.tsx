import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { InboxPage } from "../inbox/InboxPage";
import { renderPage } from "../../test/render";
import { mockFetch, page, problem, type RecordedCall } from "../../test/fetch";
import { ADMIN, AGENT, signInAs } from "../../test/tokens";
import { bulkSummary, runBulk } from "./runBulk";

const task = (id: number) => ({
  id,
  ticket_number: `TX2026112100000${id}`,
  subject: `Printer ${id} is on fire`,
  priority: "High",
  status: "in_progress",
  resolution: "",
  workflow: { id: 1, name: "IT Support", version: 1 },
  current_step: { id: 3, name: "Resolve", role: "Agent", instruction: "" },
  assignee: null,
  owner_user_id: 2,
  received_at: new Date(Date.now() - 600_000).toISOString(),
  target_resolution: new Date(Date.now() + 7200_000).toISOString(),
  completed_at: null,
  breached: false,
});
const TASKS = [task(1), task(2), task(3)];
const USER = { id: 9, email: "dana@tts.local", first_name: "Dana", last_name: "Agent", is_active: true, otp_enabled: false, date_joined: "", roles: [] };

function openAllTasks() {
  signInAs(ADMIN);
  const calls = mockFetch({
    "GET /svc/workflow/tasks/": page(TASKS),
    "GET /svc/auth/api/v1/users/": page([USER]),
    "POST /svc/workflow/tasks/1/transfer/": { status: 200, body: task(1) },
    "POST /svc/workflow/tasks/2/transfer/": problem(409, "conflict", "The task is completed; it cannot be transferred."),
    "POST /svc/workflow/tasks/3/transfer/": { status: 200, body: task(3) },
    "POST /svc/workflow/tasks/1/escalate/": { status: 200, body: task(1) }, // a task has its own "status"
    "POST /svc/workflow/tasks/3/escalate/": { status: 200, body: task(3) }, // a task has its own "status"
  });
  renderPage(<InboxPage scope="all" />, { path: "/tasks", route: "/tasks" });
  return calls;
}

const posts = (calls: RecordedCall[]) => calls.filter((call) => call.method === "POST");

describe("bulk actions", () => {
  it("select all, transfer to one person: one request per task, a failure does not stop the rest, the summary names it", async () => {
    const calls = openAllTasks();
    await screen.findByText("TX20261121000001");
    expect(screen.queryByRole("region", { name: "Bulk actions" })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("checkbox", { name: "Select all on this page" }));
    const toolbar = screen.getByRole("region", { name: "Bulk actions" });
    expect(toolbar).toHaveTextContent("3 selected:");
    await userEvent.click(within(toolbar).getByRole("button", { name: "Transfer…" }));
    const dialog = await screen.findByRole("dialog", { name: "Transfer the selected tasks" });
    await within(dialog).findByRole("option", { name: "Dana Agent (dana@tts.local)" });
    await userEvent.selectOptions(within(dialog).getByLabelText("Person"), "9");
    await userEvent.type(within(dialog).getByLabelText("Notes"), "Rebalancing");
    await userEvent.click(within(dialog).getByRole("button", { name: "Confirm" }));
    const summary = await within(dialog).findByTestId("bulk-summary");
    expect(summary).toHaveTextContent("2 transferred, 1 failed");
    expect(within(summary).getByRole("list", { name: "Failed" })).toHaveTextContent("TX20261121000002 — The task is completed; it cannot be transferred.");
    expect(posts(calls).map((call) => [call.url, call.body])).toEqual(
      [1, 2, 3].map((id) => [`/svc/workflow/tasks/${id}/transfer/`, { user_id: 9, notes: "Rebalancing" }]),
    );
    // the lists are read again afterwards
    expect(calls.filter((call) => call.url.startsWith("/svc/workflow/tasks/?")).length).toBeGreaterThan(1);
    await userEvent.click(within(dialog).getByRole("button", { name: "Done" }));
    await waitFor(() => expect(screen.queryByRole("region", { name: "Bulk actions" })).not.toBeInTheDocument());
  });

  it("escalates only the rows ticked, with the reason", async () => {
    const calls = openAllTasks();
    await userEvent.click(await screen.findByRole("checkbox", { name: "Select TX20261121000001" }));
    await userEvent.click(screen.getByRole("checkbox", { name: "Select TX20261121000003" }));
    expect(screen.getByRole("checkbox", { name: "Select all on this page" })).toHaveProperty("indeterminate", true);
    await userEvent.click(screen.getByRole("button", { name: "Escalate…" }));
    const dialog = await screen.findByRole("dialog", { name: "Escalate the selected tasks" });
    expect(within(dialog).getByRole("button", { name: "Confirm" })).toBeDisabled();
    await userEvent.type(within(dialog).getByLabelText("Reason"), "Out sick");
    await userEvent.click(within(dialog).getByRole("button", { name: "Confirm" }));
    expect(await within(dialog).findByTestId("bulk-summary")).toHaveTextContent("2 escalated");
    expect(posts(calls).map((call) => [call.url, call.body])).toEqual([
      ["/svc/workflow/tasks/1/escalate/", { reason: "Out sick" }],
      ["/svc/workflow/tasks/3/escalate/", { reason: "Out sick" }],
    ]);
  });

  it("shows no checkboxes to an agent", async () => {
    signInAs(AGENT);
    mockFetch({ "GET /svc/workflow/tasks/": page(TASKS) });
    renderPage(<InboxPage scope="mine" />, { path: "/inbox" });
    await screen.findByText("TX20261121000001");
    expect(screen.queryByRole("checkbox")).not.toBeInTheDocument();
  });

  it("j/k mark rows (the row's link takes focus), x selects the marked one and o opens it", async () => {
    openAllTasks();
    await screen.findByText("TX20261121000001");
    await userEvent.keyboard("jjk");
    expect(screen.getByRole("link", { name: "TX20261121000001" })).toHaveFocus();
    expect(screen.getAllByTestId("task-row")[0]).toHaveAttribute("aria-current", "true");
    await userEvent.keyboard("x");
    expect(screen.getByRole("checkbox", { name: "Select TX20261121000001" })).toBeChecked();
    expect(screen.getByRole("region", { name: "Bulk actions" })).toHaveTextContent("1 selected:");
    await userEvent.keyboard("jo");
    expect(await screen.findByTestId("elsewhere")).toBeInTheDocument();
  });
});

describe("runBulk", () => {
  it("property: every item gets exactly one result in order, failures included, never more than the limit in flight", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { maxLength: 30 }), fc.integer({ min: 1, max: 6 }), async (outcomes, limit) => {
        let inFlight = 0;
        let most = 0;
        const results = await runBulk(
          outcomes.map((ok, index) => ({ ok, index })),
          async (item) => {
            inFlight += 1;
            most = Math.max(most, inFlight);
            await new Promise((resolve) => setTimeout(resolve, 0));
            inFlight -= 1;
            if (!item.ok) throw new Error(`no ${item.index}`);
          },
          limit,
        );
        expect(results.map((result) => result.item.index)).toEqual(outcomes.map((_, index) => index));
        expect(results.map((result) => result.ok)).toEqual(outcomes);
        expect(most).toBeLessThanOrEqual(limit);
        expect(bulkSummary(results, "moved")).toBe(
          outcomes.length === 0 ? "nothing was moved" : outcomes.every(Boolean) ? `${outcomes.length} moved` : `${outcomes.filter(Boolean).length} moved, ${outcomes.filter((ok) => !ok).length} failed`,
        );
      }),
      { numRuns: 50 },
    );
  });
});
