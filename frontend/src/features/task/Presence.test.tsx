import { beforeEach, describe, expect, it, vi } from "vitest";
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { TaskPage } from "./TaskPage";
import { changeSentence, presenceSentence } from "./Presence";
import { task } from "./fixtures";
import { FakeWebSocket } from "../comments/fakeSocket";
import { PRESENCE_HEARTBEAT_MS } from "../comments/useTicketSocket";
import type { TaskDetail } from "../../api/types";
import { parseTaskChange, parseViewers, type TaskChange } from "../../live/ticketEvents";
import { renderPage } from "../../test/render";
import { mockFetch, type RecordedCall } from "../../test/fetch";
import { AGENT, signInAs } from "../../test/tokens";

const TICKET = "TX20261121000005";
const TASK_URL = "GET /svc/workflow/tasks/5/";
const ME = { user_id: 7, name: "Agent One", state: "viewing" };
const DANA = { user_id: 9, name: "Dana Coordinator", state: "viewing" };
const BOB = { user_id: 11, name: "Bob Agent", state: "viewing" };

const ok = (body: TaskDetail) => ({ status: 200, body });

async function openTask(): Promise<{ socket: FakeWebSocket; calls: RecordedCall[] }> {
  signInAs(AGENT);
  const calls = mockFetch({ "GET /svc/messaging/api/v1/comments/": [], [TASK_URL]: () => ok(task()) });
  renderPage(<TaskPage />, { path: "/tasks/5", route: "/tasks/:taskId" });
  await waitFor(() => expect(FakeWebSocket.last?.url).toContain(`/ws/tickets/${TICKET}/`));
  const socket = FakeWebSocket.last;
  socket.open();
  return { socket, calls };
}

const presence = (...viewers: unknown[]) => ({ type: "presence", ticket_id: TICKET, viewers });
const moved = (overrides: Record<string, unknown> = {}) => ({
  type: "task_changed",
  task_id: 5,
  ticket_number: TICKET,
  action: "task.transitioned",
  actor: { user_id: 9, name: "Dana Coordinator" },
  status: "in_progress",
  step: "Resolve",
  transition: "approve",
  ...overrides,
});
const people = () => screen.queryAllByTestId("presence-person").map((item) => item.textContent);
const taskGets = (calls: RecordedCall[]) => calls.filter((call) => call.method === "GET" && call.url === "/svc/workflow/tasks/5/").length;

describe("Presence", () => {
  beforeEach(() => FakeWebSocket.install());

  it("says who else is viewing or typing, never oneself, in a polite live region", async () => {
    const { socket } = await openTask();
    const region = await screen.findByTestId("presence");
    expect(region).toHaveAttribute("role", "status");
    expect(region).toHaveAttribute("aria-live", "polite");

    socket.receive(presence(ME));
    expect(people()).toEqual([]);

    socket.receive(presence(DANA, ME, { ...BOB, state: "typing" }));
    expect(people()).toEqual(["Dana Coordinator is viewing", "Bob Agent is typing a comment"]);
    expect(within(region).getByRole("list", { name: "Also on this task" })).toBeInTheDocument();
  });

  it("drops whoever left, and everyone when the socket drops until the server says again", async () => {
    const { socket } = await openTask();
    socket.receive(presence(DANA, ME, BOB));
    expect(people()).toEqual(["Dana Coordinator is viewing", "Bob Agent is viewing"]);
    socket.receive(presence(ME, BOB));
    expect(people()).toEqual(["Bob Agent is viewing"]);

    socket.drop();
    expect(people()).toEqual([]);
  });

  it("pings every 5 s so that messaging keeps this person present", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const { socket } = await openTask();
      const before = socket.frames("ping").length;
      await act(async () => {
        vi.advanceTimersByTime(PRESENCE_HEARTBEAT_MS * 3);
      });
      expect(socket.frames("ping").length - before).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it("ignores presence of another ticket and malformed viewers", async () => {
    const { socket } = await openTask();
    socket.receive({ type: "presence", ticket_id: "TX-OTHER", viewers: [DANA] });
    expect(people()).toEqual([]);
    socket.receive(presence({ name: "No id" }, "junk", DANA));
    expect(people()).toEqual(["Dana Coordinator is viewing"]);
  });

  it("tells an open transition dialog that someone else just moved the task, and reads the task again", async () => {
    const { socket, calls } = await openTask();
    await userEvent.click(await screen.findByRole("button", { name: "Approve → Fulfil" }));
    const dialog = screen.getByRole("dialog");
    expect(within(dialog).queryByTestId("task-changed-notice")).not.toBeInTheDocument();
    const reads = taskGets(calls);

    socket.receive(moved());

    const notice = await within(dialog).findByRole("alert");
    expect(notice).toHaveTextContent("Dana Coordinator just moved this task to Resolve.");
    await waitFor(() => expect(taskGets(calls)).toBeGreaterThan(reads));
    expect(within(dialog).getByRole("button", { name: "Confirm" })).toBeInTheDocument(); // the server's 409 still decides
  });

  it("says nothing about one's own move or one made before the dialog opened", async () => {
    const { socket } = await openTask();
    socket.receive(moved({ actor: { user_id: 9, name: "Dana Coordinator" } })); // before the dialog
    await userEvent.click(await screen.findByRole("button", { name: "Approve → Fulfil" }));
    socket.receive(moved({ actor: { user_id: 7, name: "Agent One" } })); // this person, in another tab
    expect(within(screen.getByRole("dialog")).queryByTestId("task-changed-notice")).not.toBeInTheDocument();
  });
});

describe("presence and change sentences", () => {
  const change = (overrides: Partial<TaskChange>): TaskChange => ({
    ...(parseTaskChange(moved(), 0) as TaskChange),
    ...overrides,
  });

  it.each([
    [{}, "Dana Coordinator just moved this task to Resolve"],
    [{ status: "completed", step: null }, "Dana Coordinator just finished this task"],
    [{ step: null }, "Dana Coordinator just moved this task"],
    [{ action: "task.transferred" }, "Dana Coordinator just transferred this task"],
    [{ action: "task.escalated" }, "Dana Coordinator just escalated this task"],
    [{ action: "task.held" }, "Dana Coordinator just put this task on hold"],
    [{ action: "task.resumed" }, "Dana Coordinator just resumed this task"],
    [{ action: "task.approval_recorded" }, "Dana Coordinator just voted on this task"],
    [{ action: "task.reassigned", actor: { userId: null, name: "system" } }, "The system just reassigned this task"],
    [{ action: "task.something_new", actor: { userId: 3, name: "" } }, "Someone just changed this task"],
  ] as [Partial<TaskChange>, string][])("%o reads %s", (overrides, sentence) => {
    expect(changeSentence(change(overrides))).toBe(sentence);
  });

  it("reads the server's messages defensively", () => {
    expect(parseViewers("nope")).toEqual([]);
    expect(parseViewers([{ user_id: 3, name: "", state: "dancing" }])).toEqual([{ userId: 3, name: "Someone", state: "viewing" }]);
    expect(parseTaskChange({ type: "task_changed", action: "task.held" })).toBeNull();
    expect(presenceSentence({ userId: 1, name: "Dana", state: "typing" })).toBe("Dana is typing a comment");
  });
});
