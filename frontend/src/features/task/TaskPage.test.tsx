import { beforeEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { TaskPage } from "./TaskPage";
import { FakeWebSocket } from "../comments/fakeSocket";
import type { TaskDetail } from "../../api/types";
import { task } from "./fixtures";
import { renderPage } from "../../test/render";
import { invalid, mockFetch, page, type RecordedCall } from "../../test/fetch";
import { ADMIN, AGENT, signInAs } from "../../test/tokens";

const TASK_URL = "GET /svc/workflow/tasks/5/";
const COMMENTS = "GET /svc/messaging/api/v1/comments/";

function open(routes: Record<string, unknown>, who = AGENT): RecordedCall[] {
  signInAs(who);
  const calls = mockFetch({ [COMMENTS]: [], ...routes });
  renderPage(<TaskPage />, { path: "/tasks/5", route: "/tasks/:taskId" });
  return calls;
}

/** A task as an answer (mockFetch reads a top-level "status" as the HTTP status). */
const ok = (body: TaskDetail) => ({ status: 200, body });

const taskGets = (calls: RecordedCall[]) => calls.filter((call) => call.method === "GET" && call.url === "/svc/workflow/tasks/5/");

describe("TaskPage", () => {
  beforeEach(() => FakeWebSocket.install());

  it("shows the header, the ticket as sent with its extras and attachments", async () => {
    open({ [TASK_URL]: ok(task()) });
    expect(await screen.findByRole("heading", { level: 1, name: "Laptop will not boot" })).toBeInTheDocument();
    expect(screen.getAllByText("TX20261121000005").length).toBeGreaterThan(0);
    expect(screen.getByText("IT Support · v3")).toBeInTheDocument();
    const ticket = screen.getByRole("region", { name: "The ticket" });
    expect(within(ticket).getByText("Black screen since this morning.")).toBeInTheDocument();
    expect(within(ticket).getByText("Hardware")).toBeInTheDocument();
    expect(within(ticket).getByText("IT Department")).toBeInTheDocument();
    expect(within(ticket).getByText("Emma Employee")).toBeInTheDocument();
    expect(within(ticket).getByText("MA0042")).toBeInTheDocument();
    expect(within(ticket).getByText("Asset name")).toBeInTheDocument();
    expect(within(ticket).getByText("ThinkPad X1")).toBeInTheDocument();
    expect(within(ticket).getByText("1200")).toBeInTheDocument();
    expect(within(ticket).getByText(/"serial": "SN-99"/)).toBeInTheDocument();
    expect(within(ticket).getByText("photo.png")).toBeInTheDocument();
    expect(within(ticket).getByRole("button", { name: "Download photo.png" })).toBeEnabled();
  });

  it("downloads a ticket attachment from ticket_mock", async () => {
    const calls = open({ [TASK_URL]: ok(task()), "GET /svc/tickets/media/ticket_attachments/photo.png": "png" });
    URL.createObjectURL = () => "blob:x";
    URL.revokeObjectURL = () => undefined;
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => undefined);
    await userEvent.click(await screen.findByRole("button", { name: "Download photo.png" }));
    await waitFor(() => expect(calls.some((call) => call.url === "/svc/tickets/media/ticket_attachments/photo.png")).toBe(true));
    await waitFor(() => expect(click).toHaveBeenCalled());
    expect((click.mock.contexts[0] as HTMLAnchorElement).download).toBe("photo.png");
    click.mockRestore();
  });

  it("draws the workflow with the current step marked", async () => {
    open({ [TASK_URL]: ok(task()) });
    const steps = await screen.findAllByTestId("flow-step");
    expect(steps.map((step) => step.dataset.step)).toEqual(["Start", "Triage", "Approve", "Fulfil", "End"]);
    const current = document.querySelectorAll('[aria-current="step"]');
    expect(current).toHaveLength(1);
    expect(current[0]).toHaveTextContent("Approve");
    expect(current[0]).toHaveTextContent("current");
    expect(steps[1]).toHaveTextContent("✓");
    // Transition labels: on the arrow to the next step, and the jump to End.
    expect(within(steps[2]).getByText("Approve", { selector: ".flow-label" })).toBeInTheDocument();
    expect(within(steps[2]).getByText("Reject", { selector: ".flow-label" })).toBeInTheDocument();
  });

  it("lists assignments and a readable history", async () => {
    open({ [TASK_URL]: ok(task()) });
    const assignments = await screen.findAllByTestId("assignment");
    expect(assignments[0]).toHaveTextContent("Tom Triage");
    expect(assignments[0]).toHaveTextContent("Looks like hardware");
    const events = screen.getAllByTestId("history-event");
    expect(events[0]).toHaveTextContent("Ticket received from the help desk (High priority)");
    expect(events[1]).toHaveTextContent("Tom Triage submitted → Approve");
    const history = screen.getByRole("list", { name: "History" });
    expect(history.textContent).not.toMatch(/task\.|id:|triage@tts\.local/);
  });

  it("reads the work a person left as a sentence", async () => {
    const reassigned = (id: number, after: object) => ({
      id, created_at: new Date().toISOString(), actor_user_id: null, actor_email: "system", action: "task.reassigned", entity_type: "task", entity_id: 5, task: 5, workflow: 1,
      ticket_number: "TX20261121000005", before: { status: "in_progress", assignee: "Ann Agent" }, after,
    });
    const history = [
      reassigned(3, { status: "in_progress", assignee: "Bob Agent", reason: "assignee_deactivated", role: "Agent", from_user_id: 7, to_user_id: 8 }),
      reassigned(4, { status: "in_progress", assignee: "Bob Agent", reason: "role_revoked", role: "Agent", from_user_id: 7, to_user_id: 8 }),
      reassigned(5, { status: "pending", assignee: null, reason: "assignee_deactivated", role: "Agent", from_user_id: 7, to_user_id: null }),
    ];
    open({ [TASK_URL]: ok(task({ history })) });
    const events = await screen.findAllByTestId("history-event");
    expect(events[0]).toHaveTextContent("Reassigned");
    expect(events[0]).toHaveTextContent("Reassigned from Ann Agent to Bob Agent: Ann Agent was deactivated or lost every TTS role.");
    expect(events[1]).toHaveTextContent("Reassigned from Ann Agent to Bob Agent: Ann Agent no longer holds the role Agent.");
    expect(events[2]).toHaveTextContent("Back to pending from Ann Agent: Ann Agent was deactivated or lost every TTS role, and nobody else holds the role Agent.");
  });

  it("offers one button per available transition and posts the chosen one", async () => {
    let current = task();
    const moved = task({ available_transitions: [], current_step: { id: 13, name: "Fulfil", role: "Agent", instruction: "" } });
    const calls = open({
      [TASK_URL]: () => ok(current),
      "POST /svc/workflow/tasks/5/transition/": () => ok((current = moved)),
    });
    const buttons = await screen.findAllByTestId("transition-button");
    expect(buttons.map((button) => button.textContent)).toEqual(["Approve → Fulfil", "Reject → End"]);
    expect(screen.queryByRole("button", { name: "submit" })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Approve → Fulfil" }));
    await userEvent.type(screen.getByLabelText("Notes"), "Budget ok");
    await userEvent.click(screen.getByRole("button", { name: "Confirm" }));
    await waitFor(() => expect(calls.some((call) => call.method === "POST")).toBe(true));
    expect(calls.find((call) => call.method === "POST")?.body).toEqual({ transition_id: 31, notes: "Budget ok" });
    expect(await screen.findByText("Task moved to Fulfil")).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole("button", { name: "Approve → Fulfil" })).not.toBeInTheDocument());
  });

  it("requires notes when the transition asks for them", async () => {
    const calls = open({ [TASK_URL]: ok(task()), "POST /svc/workflow/tasks/5/transition/": ok(task({ status: "completed", resolution: "Rejected", available_transitions: [] })) });
    await userEvent.click(await screen.findByRole("button", { name: "Reject → End" }));
    const confirm = screen.getByRole("button", { name: "Confirm" });
    expect(confirm).toBeDisabled();
    await userEvent.type(screen.getByLabelText("Notes"), "   ");
    expect(confirm).toBeDisabled();
    await userEvent.type(screen.getByLabelText("Notes"), "Not covered");
    expect(confirm).toBeEnabled();
    await userEvent.click(confirm);
    await waitFor(() => expect(calls.find((call) => call.method === "POST")?.body).toEqual({ transition_id: 32, notes: "Not covered" }));
    expect(await screen.findByText("Closed as rejected")).toBeInTheDocument();
    expect(screen.queryByText("Task finished")).not.toBeInTheDocument();
  });

  it("shows the server's field error on a 400", async () => {
    open({ [TASK_URL]: ok(task()), "POST /svc/workflow/tasks/5/transition/": invalid({ notes: ["Notes are required for this transition."] }) });
    await userEvent.click(await screen.findByRole("button", { name: "Approve → Fulfil" }));
    await userEvent.click(screen.getByRole("button", { name: "Confirm" }));
    expect(await screen.findByText("Notes are required for this transition.")).toBeInTheDocument();
    expect(screen.getByLabelText("Notes")).toHaveAttribute("aria-invalid", "true");
  });

  it("says someone moved the task first on a 409 and reads it again", async () => {
    const calls = open({ [TASK_URL]: ok(task()), "POST /svc/workflow/tasks/5/transition/": { status: 409, body: { detail: "The task is no longer at this step." } } });
    await userEvent.click(await screen.findByRole("button", { name: "Approve → Fulfil" }));
    await userEvent.click(screen.getByRole("button", { name: "Confirm" }));
    expect(await screen.findByText("Someone moved this task first")).toBeInTheDocument();
    await waitFor(() => expect(taskGets(calls)).toHaveLength(2));
    expect(screen.queryByRole("button", { name: "Confirm" })).not.toBeInTheDocument();
  });

  it("escalates with a required reason", async () => {
    const calls = open({ [TASK_URL]: ok(task()), "POST /svc/workflow/tasks/5/escalate/": ok(task()) });
    expect(await screen.findByRole("button", { name: "Escalate" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Transfer" })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Escalate" }));
    expect(screen.getByRole("button", { name: "Confirm" })).toBeDisabled();
    await userEvent.type(screen.getByLabelText("Reason"), "Needs a manager");
    await userEvent.click(screen.getByRole("button", { name: "Confirm" }));
    await waitFor(() => expect(calls.find((call) => call.url.endsWith("/escalate/"))?.body).toEqual({ reason: "Needs a manager" }));
    expect(await screen.findByText("Task escalated")).toBeInTheDocument();
  });

  it("offers nothing to an agent who does not hold the task", async () => {
    open({ [TASK_URL]: ok(task({ available_transitions: [], assignee: { user_id: 3, user_email: "x@tts.local", user_full_name: "Someone Else", target_resolution: null } })) });
    expect(await screen.findByTestId("no-actions")).toHaveTextContent("Only the current assignee can move this task.");
    expect(screen.queryByRole("button", { name: "Escalate" })).not.toBeInTheDocument();
  });

  it("lets an administrator transfer to a member of the step's role, picked in the searchable list", async () => {
    const candidates = page([{ user_id: 8, user_email: "agent2@tts.local", user_full_name: "Agent Two", active_assignments: 1 }]);
    const calls = open(
      { [TASK_URL]: ok(task({ available_transitions: [] })), "GET /svc/workflow/tasks/5/transfer-candidates/": candidates, "POST /svc/workflow/tasks/5/transfer/": ok(task()) },
      ADMIN,
    );
    await userEvent.click(await screen.findByRole("button", { name: "Transfer" }));
    const person = await screen.findByRole("combobox", { name: "Person" });
    expect(person).toHaveFocus();
    await userEvent.click(await within(screen.getByRole("listbox")).findByRole("option", { name: /Agent Two/ }));
    expect(person).toHaveValue("Agent Two");
    await userEvent.type(screen.getByLabelText("Notes"), "Covering leave");
    await userEvent.click(screen.getByRole("button", { name: "Confirm" }));
    await waitFor(() => expect(calls.find((call) => call.url.endsWith("/transfer/"))?.body).toEqual({ user_id: 8, notes: "Covering leave" }));
  });

  it("shows Not found for a task the caller cannot see", async () => {
    open({ [TASK_URL]: { status: 404, body: { detail: "Not found." } } });
    expect(await screen.findByText("Not found")).toBeInTheDocument();
  });

  it("opens the ticket's comment thread", async () => {
    const calls = open({ [TASK_URL]: ok(task()) });
    expect(await screen.findByText("No comments yet")).toBeInTheDocument();
    expect(calls.some((call) => call.url.includes("ticket_id=TX20261121000005"))).toBe(true);
    await waitFor(() => expect(FakeWebSocket.last.url).toContain("/ws/tickets/TX20261121000005/"));
    expect(screen.getByLabelText("Add a comment")).toBeInTheDocument();
  });
});
