import { beforeEach, describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { TaskPage } from "./TaskPage";
import { FakeWebSocket } from "../comments/fakeSocket";
import type { ApprovalVote, TaskDetail } from "../../api/types";
import { renderPage } from "../../test/render";
import { invalid, mockFetch, page, problem, type RecordedCall } from "../../test/fetch";
import { ADMIN, AGENT, signInAs } from "../../test/tokens";
import { task } from "./fixtures";

const TASK_URL = "GET /svc/workflow/tasks/5/";
const HOLD_URL = "POST /svc/workflow/tasks/5/hold/";
const RESUME_URL = "POST /svc/workflow/tasks/5/resume/";
const ok = (body: TaskDetail) => ({ status: 200, body });

function open(routes: Record<string, unknown>, who = AGENT): RecordedCall[] {
  signInAs(who);
  const calls = mockFetch({ "GET /svc/messaging/api/v1/comments/": [], ...routes });
  renderPage(<TaskPage />, { path: "/tasks/5", route: "/tasks/:taskId" });
  return calls;
}

const held = (overrides: Partial<TaskDetail> = {}) =>
  task({ status: "on_hold", held_at: "2026-11-30T06:00:00Z", hold_reason: "Waiting for the requester's serial number", available_transitions: [], ...overrides });

const person = (user_id: number, user_full_name: string) => ({ user_id, user_email: `${user_full_name.split(" ")[0].toLowerCase()}@tts.local`, user_full_name, target_resolution: null });

const vote = (user_id: number, name: string, decision: ApprovalVote["decision"], notes = ""): ApprovalVote => ({
  step_name: "Approve",
  user_id,
  user_email: `${name.split(" ")[0].toLowerCase()}@tts.local`,
  user_full_name: name,
  decision,
  notes,
  decided_at: "2026-11-30T08:15:00Z",
});

describe("TaskPage: hold and resume", () => {
  beforeEach(() => FakeWebSocket.install());

  it("puts the task on hold with the reason typed in the dialog", async () => {
    let current = task();
    const calls = open({ [TASK_URL]: () => ok(current), [HOLD_URL]: () => ok((current = held())) });
    await userEvent.click(await screen.findByRole("button", { name: "Hold" }));
    const dialog = screen.getByRole("dialog", { name: "Put this task on hold" });
    const confirm = within(dialog).getByRole("button", { name: "Confirm" });
    expect(confirm).toBeDisabled();
    await userEvent.type(within(dialog).getByLabelText("Reason"), "Waiting for the requester's serial number");
    await userEvent.click(confirm);
    await waitFor(() => expect(calls.find((call) => call.url.endsWith("/hold/"))?.body).toEqual({ reason: "Waiting for the requester's serial number" }));
    expect(await screen.findByText("Task on hold")).toBeInTheDocument();
    const banner = await screen.findByTestId("hold-banner");
    expect(banner).toHaveTextContent("On hold since");
    expect(banner).toHaveTextContent(": Waiting for the requester's serial number");
    expect(screen.getAllByText("On hold").length).toBeGreaterThan(0);
    expect(screen.getByRole("button", { name: "Resume" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Hold" })).not.toBeInTheDocument();
  });

  it("shows the server's error under the reason", async () => {
    open({ [TASK_URL]: ok(task()), [HOLD_URL]: invalid({ reason: ["This field may not be blank."] }) });
    await userEvent.click(await screen.findByRole("button", { name: "Hold" }));
    await userEvent.type(screen.getByLabelText("Reason"), "x");
    await userEvent.click(screen.getByRole("button", { name: "Confirm" }));
    expect(await screen.findByText("This field may not be blank.")).toBeInTheDocument();
    expect(screen.getByLabelText("Reason")).toHaveAttribute("aria-invalid", "true");
  });

  it("resumes a held task and shows the countdown again", async () => {
    let current = held();
    const calls = open({ [TASK_URL]: () => ok(current), [RESUME_URL]: () => ok((current = task())) });
    expect(await screen.findByTestId("hold-banner")).toBeInTheDocument();
    expect(screen.getByText("The clock is stopped")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Resume" }));
    await waitFor(() => expect(calls.find((call) => call.url.endsWith("/resume/"))?.body).toEqual({}));
    expect(await screen.findByText("Task resumed")).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByTestId("hold-banner")).not.toBeInTheDocument());
    expect(screen.getByText("Due in")).toBeInTheDocument();
  });

  it("says someone moved the task first when resume answers 409", async () => {
    const calls = open({ [TASK_URL]: ok(held()), [RESUME_URL]: problem(409, "conflict", "The task is not on hold.") });
    await userEvent.click(await screen.findByRole("button", { name: "Resume" }));
    expect(await screen.findByText("Someone moved this task first")).toBeInTheDocument();
    await waitFor(() => expect(calls.filter((call) => call.method === "GET" && call.url === "/svc/workflow/tasks/5/").length).toBe(2));
  });

  it("lets an administrator hold a task they are not assigned to", async () => {
    open({ [TASK_URL]: ok(task({ available_transitions: [] })) }, ADMIN);
    expect(await screen.findByRole("button", { name: "Hold" })).toBeInTheDocument();
  });

  it("offers no hold to an agent who does not hold the task", async () => {
    open({ [TASK_URL]: ok(held({ assignee: person(3, "Someone Else") })) });
    expect(await screen.findByTestId("no-actions")).toHaveTextContent("This task is on hold");
    expect(screen.queryByRole("button", { name: "Resume" })).not.toBeInTheDocument();
  });
});

describe("TaskPage: K-of-N approval", () => {
  beforeEach(() => FakeWebSocket.install());

  const approval = { assignees: 3, approvals_required: 2, approved: 1, rejected: 1, approve_transition: "approve", reject_transition: "reject" };

  it("shows the tally, each vote and who is still to decide", async () => {
    const votes = [vote(8, "Bea Approver", "approve", "Budget fits"), vote(9, "Cy Approver", "reject", "Too expensive")];
    open({ [TASK_URL]: ok(task({ approval, approvals: votes, assignees: [person(7, "Agent One")] })) });
    const tally = await screen.findByTestId("approval-tally");
    expect(tally).toHaveTextContent("2 of 3 approvals needed · 1 approved · 1 rejected");
    const rows = within(tally).getAllByTestId("approval-vote");
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent("Bea Approver");
    expect(rows[0]).toHaveTextContent("Approved");
    expect(rows[0]).toHaveTextContent("“Budget fits”");
    expect(rows[1]).toHaveTextContent("Cy Approver");
    expect(rows[1]).toHaveTextContent("Rejected");
    expect(rows[1]).toHaveTextContent("“Too expensive”");
    expect(within(tally).getByTestId("approval-waiting")).toHaveTextContent("Still to decide: Agent One");
  });

  it("lists every assignee of the step and marks the caller's task as theirs", async () => {
    open({ [TASK_URL]: ok(task({ approval: { ...approval, approved: 0, rejected: 0 }, approvals: [], assignee: person(7, "Agent One"), assignees: [person(7, "Agent One"), person(8, "Bea Approver"), person(9, "Cy Approver")] })) });
    const tally = await screen.findByTestId("approval-tally");
    expect(tally).toHaveTextContent("Nobody has decided yet.");
    expect(within(tally).getByTestId("approval-waiting")).toHaveTextContent("Still to decide: Agent One, Bea Approver, Cy Approver");
    expect(screen.getByText("Assignees")).toBeInTheDocument();
    expect(screen.getByText("Assigned to you")).toBeInTheDocument();
  });

  it("keeps the votes of a decided step on the closed task, with its step", async () => {
    open({ [TASK_URL]: ok(task({ status: "completed", resolution: "Resolved", approval: null, approvals: [vote(8, "Bea Approver", "approve")], available_transitions: [], current_step: null })) });
    const tally = await screen.findByTestId("approval-tally");
    expect(within(tally).getByRole("heading", { name: "Approvals" })).toBeInTheDocument();
    expect(within(tally).getByTestId("approval-vote")).toHaveTextContent("Approve ·");
    expect(within(tally).queryByTestId("approval-waiting")).not.toBeInTheDocument();
  });

  it("records a vote that does not decide the step as a vote, not a move", async () => {
    const before = task({ approval: { ...approval, approved: 0, rejected: 0 }, approvals: [], assignees: [person(7, "Agent One"), person(8, "Bea Approver"), person(9, "Cy Approver")] });
    let current = before;
    const after = task({ approval: { ...approval, approved: 0, rejected: 1 }, approvals: [vote(7, "Agent One", "reject", "No budget")], available_transitions: [], assignee: person(8, "Bea Approver"), assignees: [person(8, "Bea Approver"), person(9, "Cy Approver")] });
    const calls = open({ [TASK_URL]: () => ok(current), "POST /svc/workflow/tasks/5/transition/": () => ok((current = after)) });
    await userEvent.click(await screen.findByRole("button", { name: "Reject → End" }));
    await userEvent.type(screen.getByLabelText("Notes"), "No budget");
    await userEvent.click(screen.getByRole("button", { name: "Confirm" }));
    await waitFor(() => expect(calls.find((call) => call.method === "POST")?.body).toEqual({ transition_id: 32, notes: "No budget" }));
    expect(await screen.findByText("Your rejection is recorded")).toBeInTheDocument();
    expect(await screen.findByText("2 of 3 approvals needed · 0 approved · 1 rejected")).toBeInTheDocument();
    expect(screen.getByTestId("approval-waiting")).toHaveTextContent("Still to decide: Bea Approver, Cy Approver");
    expect(screen.getByTestId("no-actions")).toHaveTextContent("You rejected at this step; the task moves on once enough of the others decide.");
  });

  it("asks an administrator whose share to transfer or escalate at a step several people hold", async () => {
    const candidates = page([{ user_id: 10, user_email: "dan@tts.local", user_full_name: "Dan Spare", active_assignments: 0 }]);
    const shared = task({ approval, approvals: [], available_transitions: [], assignee: person(8, "Bea Approver"), assignees: [person(8, "Bea Approver"), person(9, "Cy Approver")] });
    const calls = open({ [TASK_URL]: ok(shared), "GET /svc/workflow/tasks/5/transfer-candidates/": candidates, "POST /svc/workflow/tasks/5/transfer/": ok(shared), "POST /svc/workflow/tasks/5/escalate/": ok(shared) }, ADMIN);
    await userEvent.click(await screen.findByRole("button", { name: "Transfer" }));
    await userEvent.click(await screen.findByRole("option", { name: /Dan Spare/ }));
    expect(screen.getByRole("button", { name: "Confirm" })).toBeDisabled();
    await userEvent.selectOptions(screen.getByLabelText("Whose share"), "9");
    await userEvent.click(screen.getByRole("button", { name: "Confirm" }));
    await waitFor(() => expect(calls.find((call) => call.url.endsWith("/transfer/"))?.body).toEqual({ user_id: 10, notes: "", from_user_id: 9 }));

    await userEvent.click(await screen.findByRole("button", { name: "Escalate" }));
    await userEvent.type(screen.getByLabelText("Reason"), "Away this week");
    expect(screen.getByRole("button", { name: "Confirm" })).toBeDisabled();
    await userEvent.selectOptions(screen.getByLabelText("Whose share"), "8");
    await userEvent.click(screen.getByRole("button", { name: "Confirm" }));
    await waitFor(() => expect(calls.find((call) => call.url.endsWith("/escalate/"))?.body).toEqual({ reason: "Away this week", from_user_id: 8 }));
  });

  it("shows nothing for a task without approvals", async () => {
    open({ [TASK_URL]: ok(task()) });
    expect(await screen.findByRole("heading", { level: 1 })).toBeInTheDocument();
    expect(screen.queryByTestId("approval-tally")).not.toBeInTheDocument();
  });
});

describe("TaskPage: the engine's history", () => {
  beforeEach(() => FakeWebSocket.install());

  it("reads holds, resumes and votes in words", async () => {
    const event = (id: number, action: string, after: object) => ({
      id, created_at: "2026-11-30T08:00:00Z", actor_user_id: 7, actor_email: "agent1@tts.local", action, entity_type: "task", entity_id: 5, task: 5, workflow: 1,
      ticket_number: "TX20261121000005", before: { status: "in_progress" }, after,
    });
    const history = [
      event(1, "task.held", { status: "on_hold", reason: "Waiting for parts" }),
      event(2, "task.resumed", { status: "in_progress" }),
      event(3, "task.approval_recorded", { status: "in_progress", decision: "reject", approved: 1, rejected: 1, required: 2, transition: "reject", notes: "Too expensive", pending: 1 }),
    ];
    open({ [TASK_URL]: ok(task({ history })) });
    const events = await screen.findAllByTestId("history-event");
    expect(events[0]).toHaveTextContent("Put on hold by Agent One: Waiting for parts");
    expect(events[1]).toHaveTextContent("Resumed by Agent One");
    expect(events[2]).toHaveTextContent("Agent One voted. Rejected: 1 approved, 1 rejected, 2 approvals needed. “Too expensive”");
  });
});

describe("TaskPage: SLA outcome", () => {
  beforeEach(() => FakeWebSocket.install());

  const closed = (overrides: Partial<TaskDetail>) =>
    task({ status: "completed", resolution: "Resolved", completed_at: "2026-11-30T09:00:00Z", available_transitions: [], ...overrides });

  it("says a met SLA was met and how early, with the business time to resolve", async () => {
    open({ [TASK_URL]: ok(closed({ sla_met: true, sla_margin_seconds: 3 * 3600, resolution_open_seconds: 5 * 3600 + 20 * 60 })) });
    expect(await screen.findByTestId("sla-outcome")).toHaveTextContent("SLA met, 3 h early");
    expect(screen.getByTestId("resolution-time")).toHaveTextContent("Resolved in 5 h 20 min of business hours");
  });

  it("says by how much a missed SLA was missed", async () => {
    open({ [TASK_URL]: ok(closed({ sla_met: false, sla_margin_seconds: -2 * 3600, resolution_open_seconds: 9 * 3600 })) });
    const outcome = await screen.findByTestId("sla-outcome");
    expect(outcome).toHaveTextContent("SLA missed by 2 h");
    expect(outcome).toHaveClass("sla-missed");
  });
});
