import { beforeEach, describe, expect, it } from "vitest";
import { screen, within } from "@testing-library/react";
import { TaskPage } from "./TaskPage";
import { transitionToast } from "./TaskActions";
import { helpdeskStatus, wasEscalated } from "./ticketStatus";
import { FakeWebSocket } from "../comments/fakeSocket";
import type { Assignment, TaskDetail } from "../../api/types";
import { task } from "./fixtures";
import { closedSlaOutcome } from "../../components/slaOutcome";
import { renderPage } from "../../test/render";
import { mockFetch } from "../../test/fetch";
import { AGENT, signInAs } from "../../test/tokens";

const TASK_URL = "GET /svc/workflow/tasks/5/";
const ok = (body: TaskDetail) => ({ status: 200, body });

function open(body: TaskDetail) {
  signInAs(AGENT);
  mockFetch({ "GET /svc/messaging/api/v1/comments/": [], [TASK_URL]: ok(body) });
  renderPage(<TaskPage />, { path: "/tasks/5", route: "/tasks/:taskId" });
}

const resolved = (overrides: Partial<TaskDetail> = {}) =>
  task({
    status: "completed",
    resolution: "Resolved",
    current_step: null,
    assignee: null,
    assignees: [],
    available_transitions: [],
    received_at: "2026-11-30T08:00:00Z",
    target_resolution: "2026-11-30T14:00:00Z",
    completed_at: "2026-11-30T12:00:00Z",
    ...overrides,
  });

const escalation: Assignment = {
  id: 3, user_id: 9, user_email: "mia@tts.local", user_full_name: "Mia Manager", step_name: "Approve", role_name: "Manager", status: "active", reason: "escalation",
  assigned_at: "2026-11-30T09:00:00Z", target_resolution: null, finished_at: null, notes: "", warned_at: null, breached_at: null,
};

describe("the task page speaks the user's language (issue 14 item 6)", () => {
  beforeEach(() => FakeWebSocket.install());

  it("shows a Resolved task's ticket as Resolved, never 'New', with what the help desk first sent beside it", async () => {
    open(resolved());
    const ticket = await screen.findByRole("region", { name: "The ticket" });
    const status = within(ticket).getByText("Status").nextElementSibling as HTMLElement;
    expect(status).toHaveTextContent("Resolved · received as New");
    expect(status.textContent?.startsWith("New")).toBe(false);
  });

  it("uses the one priority vocabulary: the task's Critical, with the sent 'Urgent' only as what was received", async () => {
    open(task({ priority: "Critical", ticket: { ...task().ticket, priority: "Urgent" } }));
    const ticket = await screen.findByRole("region", { name: "The ticket" });
    expect(within(ticket).getByText("Priority").nextElementSibling).toHaveTextContent("Critical · received as Urgent");
    expect(screen.getAllByText("Critical").length).toBeGreaterThan(0);
  });

  it("says a closed task met its SLA even when the server has no outcome recorded, from its completion and target", async () => {
    open(resolved({ sla_met: null, sla_margin_seconds: null }));
    expect(await screen.findByTestId("sla-outcome")).toHaveTextContent("SLA met, 2 h early");
    expect(screen.queryByText("—", { selector: ".task-sla *" })).not.toBeInTheDocument();
  });

  it("says why a closed task has no SLA outcome instead of a dash", async () => {
    open(resolved({ status: "cancelled", resolution: "", sla_met: null, sla_margin_seconds: null, target_resolution: null }));
    expect(await screen.findByTestId("sla-outcome")).toHaveTextContent("Cancelled: no SLA outcome");
  });

  it("badges an escalated task", async () => {
    open(task({ assignments: [...task().assignments.map((a) => (a.status === "active" ? { ...a, status: "escalated" as const } : a)), escalation] }));
    expect(await screen.findByText("Escalated", { selector: ".task-badges .badge" })).toBeInTheDocument();
  });

  it("has no Escalated badge on a task nobody escalated", async () => {
    open(task());
    await screen.findByRole("heading", { level: 1 });
    expect(screen.queryByText("Escalated", { selector: ".task-badges .badge" })).not.toBeInTheDocument();
  });

  it("reads the whole history with names: no action codes, no ids", async () => {
    const at = "2026-11-30T09:00:00Z";
    const base = { created_at: at, entity_type: "task", entity_id: 5, task: 5, workflow: 1, ticket_number: "TX20261121000005", before: null };
    open(
      resolved({
        history: [
          { ...base, id: 1, actor_user_id: null, actor_email: "system", actor_name: "", action: "task.created", after: { status: "pending", priority: "High" } },
          { ...base, id: 2, actor_user_id: null, actor_email: "system", actor_name: "", action: "task.assigned", after: { step: "Triage", role: "Agent", user_id: 3, reason: "workflow" } },
          { ...base, id: 3, actor_user_id: 3, actor_email: "triage@tts.local", actor_name: "Tom Triage", action: "task.transitioned", after: { status: "completed", resolution: "Resolved", step: "", transition: "resolve", transition_id: 6, notes: "checked the laptop" } },
        ],
      }),
    );
    const history = await screen.findByRole("list", { name: "History" });
    const lines = within(history).getAllByTestId("history-event").map((item) => item.textContent ?? "");
    expect(lines[0]).toContain("Ticket received from the help desk (High priority)");
    expect(lines[1]).toContain("Assigned to Tom Triage (Triage)");
    expect(lines[2]).toContain("Tom Triage resolved → closed as Resolved: “checked the laptop”");
    expect(history.textContent).not.toMatch(/task\.|transition id|user id|id:/i);
  });

  it("says a closed task is closed, with how", async () => {
    open(resolved({ resolution: "Rejected" }));
    expect(await screen.findByTestId("no-actions")).toHaveTextContent("This task is closed (Rejected).");
  });
});

describe("helpdeskStatus and wasEscalated", () => {
  it("gives the status last sent to the help desk", () => {
    expect(helpdeskStatus(resolved())).toBe("Resolved");
    expect(helpdeskStatus(resolved({ resolution: "Rejected" }))).toBe("Rejected");
    expect(helpdeskStatus(task({ status: "on_hold" }))).toBe("On Hold");
    expect(helpdeskStatus(task())).toBe("In Progress");
    expect(helpdeskStatus(task({ status: "pending" }))).toBe("New");
  });

  it("knows an escalated task by its assignments", () => {
    expect(wasEscalated(task())).toBe(false);
    expect(wasEscalated(task({ assignments: [escalation] }))).toBe(true);
    expect(wasEscalated(task({ assignments: [{ ...escalation, reason: "sla_breach" }] }))).toBe(true);
  });
});

describe("closedSlaOutcome", () => {
  it("prefers the server's outcome and falls back to completion against the target", () => {
    expect(closedSlaOutcome(resolved({ sla_met: false, sla_margin_seconds: -3600 }))?.long).toBe("SLA missed by 1 h");
    expect(closedSlaOutcome(resolved({ sla_met: null }))?.long).toBe("SLA met, 2 h early");
    expect(closedSlaOutcome(resolved({ sla_met: null, completed_at: "2026-11-30T16:00:00Z" }))?.long).toBe("SLA missed by 2 h");
    expect(closedSlaOutcome(resolved({ sla_met: null, target_resolution: null }))).toBeNull();
    expect(closedSlaOutcome(task({ sla_met: null }))).toBeNull();
  });
});

describe("transitionToast: what happened, not 'Task finished'", () => {
  const reject = { id: 32, name: "reject", to_step: null, requires_notes: true };
  const sendBack = { id: 33, name: "reject", to_step: "Triage", requires_notes: true };
  const approve = { id: 31, name: "approve", to_step: "Fulfil", requires_notes: false };

  it("closed by a reject: 'Closed as rejected'", () => {
    expect(transitionToast(task(), reject, task({ status: "completed", resolution: "Rejected", current_step: null }))).toBe("Closed as rejected");
  });

  it("a reject that sends the task back says where it went", () => {
    const back = task({ current_step: { id: 11, name: "Triage", role: "Agent", instruction: "" } });
    expect(transitionToast(task(), sendBack, back)).toBe("Rejected: the task went to Triage");
  });

  it("resolved at the end, or moved on", () => {
    expect(transitionToast(task(), { ...approve, to_step: null }, task({ status: "completed", resolution: "Resolved", current_step: null }))).toBe("Task resolved");
    expect(transitionToast(task(), approve, task({ current_step: { id: 13, name: "Fulfil", role: "Agent", instruction: "" } }))).toBe("Task moved to Fulfil");
  });
});
