import { beforeEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { CommentThread } from "./CommentThread";
import { FakeWebSocket } from "./fakeSocket";
import { mergeComment, messagingPath } from "./threads";
import type { Comment } from "../../api/types";
import { renderPage } from "../../test/render";
import { invalid, mockFetch, type RecordedCall, type Route } from "../../test/fetch";
import { ADMIN, AGENT, signInAs } from "../../test/tokens";

const TICKET = "TX20261121000001";
const LIST = "GET /svc/messaging/api/v1/comments/";
const POST = "POST /svc/messaging/api/v1/comments/";

let clock = Date.parse("2026-11-21T10:00:00Z");
const comment = (id: number, overrides: Partial<Comment> = {}): Comment => {
  const at = new Date(clock + id * 60_000).toISOString();
  return {
    id,
    ticket_id: TICKET,
    user_id: 9,
    author_name: "Bea Coordinator",
    content: `Comment number ${id}`,
    parent: null,
    thumbs_up: 0,
    thumbs_down: 0,
    attachments: [],
    is_edited: false,
    edited_at: null,
    is_deleted: false,
    created_at: at,
    updated_at: at,
    replies: [],
    ...overrides,
  };
};

const listCalls = (calls: RecordedCall[]) => calls.filter((call) => call.method === "GET" && call.url.includes("/api/v1/comments/"));

async function openThread(routes: Record<string, Route>, who = AGENT) {
  signInAs(who);
  const calls = mockFetch(routes);
  const view = renderPage(<CommentThread ticketId={TICKET} />);
  await waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1));
  const socket = FakeWebSocket.last;
  socket.open();
  return { calls, socket, ...view };
}

describe("CommentThread", () => {
  beforeEach(() => {
    clock = Date.parse("2026-11-21T10:00:00Z");
    FakeWebSocket.install();
  });

  it("renders the threads with replies, edited marks and tombstones, and opens the ticket's socket", async () => {
    const threads = [
      comment(1, { replies: [comment(2, { parent: 1, user_id: 7, author_name: "Agent One", content: "On it" })] }),
      comment(3, { is_edited: true, edited_at: new Date(clock).toISOString() }),
      comment(4, { is_deleted: true, content: "", replies: [comment(5, { parent: 4, content: "Still here" })] }),
    ];
    const { calls } = await openThread({ [LIST]: threads });
    const items = await screen.findAllByTestId("comment");
    expect(items).toHaveLength(5);
    expect(items[0]).toHaveTextContent("Comment number 1");
    expect(items[1]).toHaveTextContent("On it");
    expect(items[1]).toHaveTextContent("Agent One");
    expect(items[2]).toHaveTextContent("(edited)");
    expect(items[3]).toHaveTextContent("This comment was deleted.");
    expect(items[4]).toHaveTextContent("Still here");
    expect(new URL(listCalls(calls)[0].url, "http://console").searchParams.get("ticket_id")).toBe(TICKET);
    expect(FakeWebSocket.last.url).toContain(`/svc/messaging/ws/tickets/${TICKET}/?token=`);
    expect(screen.getByText("Live")).toBeInTheDocument();
  });

  it("says so when there are no comments", async () => {
    await openThread({ [LIST]: [] });
    expect(await screen.findByText("No comments yet")).toBeInTheDocument();
  });

  it("shows the server's refusal", async () => {
    await openThread({ [LIST]: { status: 403, body: { detail: "You are not a TTS member." } } });
    expect(await screen.findByRole("alert")).toHaveTextContent("You are not a TTS member.");
  });

  it("merges pushed comments and replies, ignoring a second copy of the same change", async () => {
    const { socket } = await openThread({ [LIST]: [comment(1)] });
    await screen.findAllByTestId("comment");
    const pushed = comment(2, { content: "Pushed from elsewhere" });
    socket.receive({ type: "comment_update", action: "create", comment: pushed });
    socket.receive({ type: "comment_update", action: "create", comment: pushed });
    socket.receive({ type: "comment_update", action: "reply", comment: comment(3, { parent: 1, content: "A pushed reply" }) });
    const items = screen.getAllByTestId("comment");
    expect(items.map((item) => item.querySelector(".comment-text")?.textContent)).toEqual(["Comment number 1", "A pushed reply", "Pushed from elsewhere"]);
    expect(screen.getAllByText("Pushed from elsewhere")).toHaveLength(1);

    socket.receive({ type: "comment_update", action: "update", comment: { ...pushed, content: "Changed words", is_edited: true, updated_at: new Date(clock + 10 * 60_000).toISOString() } });
    expect(screen.queryByText("Pushed from elsewhere")).not.toBeInTheDocument();
    expect(screen.getByText("Changed words")).toBeInTheDocument();

    socket.receive({ type: "comment_update", action: "delete", comment: { ...pushed, content: "", is_deleted: true } });
    expect(screen.queryByText("Changed words")).not.toBeInTheDocument();
    expect(screen.getAllByTestId("comment")).toHaveLength(2);
  });

  it("posts a comment over REST and shows it once when the push confirms it", async () => {
    const posted = comment(5, { user_id: 7, author_name: "Agent One", content: "Restarted the spooler" });
    const { calls, socket } = await openThread({ [LIST]: [], [POST]: { status: 201, body: posted } });
    await screen.findByText("No comments yet");
    await userEvent.type(screen.getByLabelText("Add a comment"), "Restarted the spooler");
    await userEvent.click(screen.getByRole("button", { name: "Post comment" }));
    expect(await screen.findByText("Restarted the spooler", { selector: ".comment-text" })).toBeInTheDocument();
    expect(calls.find((call) => call.method === "POST")?.body).toEqual({ ticket_id: TICKET, content: "Restarted the spooler", parent: null });
    socket.receive({ type: "comment_update", action: "create", comment: posted });
    expect(screen.getAllByTestId("comment")).toHaveLength(1);
    expect(screen.getByLabelText("Add a comment")).toHaveValue("");
  });

  it("announces typing (throttled) and stops on send", async () => {
    const { socket } = await openThread({ [LIST]: [], [POST]: { status: 201, body: comment(6, { user_id: 7 }) } });
    await screen.findByText("No comments yet");
    await userEvent.type(screen.getByLabelText("Add a comment"), "Hello there");
    expect(socket.frames("typing_start")).toHaveLength(1);
    await userEvent.click(screen.getByRole("button", { name: "Post comment" }));
    await waitFor(() => expect(socket.frames("typing_stop")).toHaveLength(1));
  });

  it("shows who is typing and clears it when they stop", async () => {
    const { socket } = await openThread({ [LIST]: [] });
    await screen.findByText("No comments yet");
    socket.receive({ type: "typing_indicator", user_id: 9, user_name: "Bea Coordinator", is_typing: true });
    expect(screen.getByTestId("typing-indicator")).toHaveTextContent("Bea Coordinator is typing…");
    socket.receive({ type: "typing_indicator", user_id: 9, user_name: "Bea Coordinator", is_typing: false });
    expect(screen.getByTestId("typing-indicator")).toHaveTextContent("");
    // The signed-in person's own indicator (another tab) is not shown.
    socket.receive({ type: "typing_indicator", user_id: 7, user_name: "Agent One", is_typing: true });
    expect(screen.getByTestId("typing-indicator")).toHaveTextContent("");
  });

  it("reads the list again after a reconnect so nothing is missed", async () => {
    let answer = [comment(1)];
    const { calls, socket } = await openThread({ [LIST]: () => answer });
    await screen.findByText("Comment number 1");
    expect(listCalls(calls)).toHaveLength(1);
    answer = [comment(1), comment(2, { content: "Written while we were away" })];
    socket.drop();
    await waitFor(() => expect(FakeWebSocket.instances).toHaveLength(2), { timeout: 3000 });
    FakeWebSocket.last.open();
    expect(await screen.findByText("Written while we were away")).toBeInTheDocument();
    expect(listCalls(calls)).toHaveLength(2);
  });

  it("edits and deletes the person's own comment, with a confirmation", async () => {
    const mine = comment(1, { user_id: 7, author_name: "Agent One", content: "First words" });
    const { calls } = await openThread({
      [LIST]: [mine, comment(2)],
      "PATCH /svc/messaging/api/v1/comments/1/": { ...mine, content: "Better words", is_edited: true, updated_at: new Date(clock + 3600_000).toISOString() },
      "DELETE /svc/messaging/api/v1/comments/1/": { status: 204 },
    });
    const [own, other] = await screen.findAllByTestId("comment");
    expect(within(other).queryByRole("button", { name: "Edit" })).not.toBeInTheDocument();
    expect(within(other).queryByRole("button", { name: "Delete" })).not.toBeInTheDocument();

    await userEvent.click(within(own).getByRole("button", { name: "Edit" }));
    const box = within(own).getByLabelText("Edit comment");
    await userEvent.clear(box);
    await userEvent.type(box, "Better words");
    await userEvent.click(within(own).getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Better words")).toBeInTheDocument();
    expect(calls.find((call) => call.method === "PATCH")?.body).toEqual({ content: "Better words" });
    expect(screen.getAllByTestId("comment")[0]).toHaveTextContent("(edited)");

    await userEvent.click(within(screen.getAllByTestId("comment")[0]).getByRole("button", { name: "Delete" }));
    expect(calls.some((call) => call.method === "DELETE")).toBe(false);
    await userEvent.click(screen.getByRole("button", { name: "Delete comment" }));
    await waitFor(() => expect(screen.getAllByTestId("comment")).toHaveLength(1));
    expect(calls.some((call) => call.method === "DELETE" && call.url.endsWith("/comments/1/"))).toBe(true);
  });

  it("lets an administrator delete anyone's comment but not edit it", async () => {
    await openThread({ [LIST]: [comment(1)] }, ADMIN);
    const [item] = await screen.findAllByTestId("comment");
    expect(within(item).getByRole("button", { name: "Delete" })).toBeInTheDocument();
    expect(within(item).queryByRole("button", { name: "Edit" })).not.toBeInTheDocument();
  });

  it("replies one level under a thread", async () => {
    const reply = comment(4, { parent: 1, user_id: 7, author_name: "Agent One", content: "Replying here" });
    const { calls } = await openThread({ [LIST]: [comment(1)], [POST]: { status: 201, body: reply } });
    const [item] = await screen.findAllByTestId("comment");
    await userEvent.click(within(item).getByRole("button", { name: "Reply" }));
    await userEvent.type(screen.getByLabelText("Reply to Bea Coordinator"), "Replying here");
    await userEvent.click(screen.getByRole("button", { name: "Post reply" }));
    expect(await screen.findByText("Replying here", { selector: ".comment-text" })).toBeInTheDocument();
    expect(calls.find((call) => call.method === "POST")?.body).toEqual({ ticket_id: TICKET, content: "Replying here", parent: 1 });
    expect(screen.queryByLabelText("Reply to Bea Coordinator")).not.toBeInTheDocument();
  });

  it("rates a comment and shows the new counts", async () => {
    const { calls } = await openThread({
      [LIST]: [comment(1, { thumbs_up: 2 })],
      "POST /svc/messaging/api/v1/comments/1/rate/": comment(1, { thumbs_up: 3 }),
    });
    await userEvent.click(await screen.findByRole("button", { name: "Thumbs up (2)" }));
    expect(await screen.findByRole("button", { name: "Thumbs up (3)" })).toBeInTheDocument();
    expect(calls.find((call) => call.url.endsWith("/rate/"))?.body).toEqual({ rating: true });
  });

  it("attaches files to an own comment and shows the refusal naming the file", async () => {
    const mine = comment(1, { user_id: 7 });
    await openThread({
      [LIST]: [mine],
      "POST /svc/messaging/api/v1/comments/1/attachments/": invalid({ file: ["evil.exe: this type of file is not allowed."] }),
    });
    const [item] = await screen.findAllByTestId("comment");
    await userEvent.upload(within(item).getByLabelText("Attach files"), new File(["MZ"], "evil.exe", { type: "application/octet-stream" }));
    expect(await within(item).findByRole("alert")).toHaveTextContent("evil.exe: this type of file is not allowed.");
  });

  it("downloads an attachment from its path on messaging", async () => {
    const attachment = { id: 3, file_name: "log.txt", content_type: "text/plain", size: 12, sha256: "x", width: null, height: null, uploaded_by: 9, created_at: new Date(clock).toISOString(), download_url: "http://messaging:8005/api/v1/attachments/3/download/" };
    const { calls } = await openThread({ [LIST]: [comment(1, { attachments: [attachment] })], "GET /svc/messaging/api/v1/attachments/3/download/": "file" });
    URL.createObjectURL = () => "blob:x";
    URL.revokeObjectURL = () => undefined;
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => undefined);
    await userEvent.click(await screen.findByRole("button", { name: /Download log\.txt/ }));
    await waitFor(() => expect(calls.some((call) => call.url === "/svc/messaging/api/v1/attachments/3/download/")).toBe(true));
    await waitFor(() => expect(click).toHaveBeenCalled());
    expect((click.mock.contexts[0] as HTMLAnchorElement).download).toBe("log.txt");
    click.mockRestore();
  });
});

describe("mergeComment", () => {
  it("keeps the newer copy when a push and a REST answer cross", () => {
    const older = comment(1, { content: "old" });
    const newer = { ...older, content: "new", updated_at: new Date(Date.parse(older.updated_at) + 1000).toISOString() };
    const held = mergeComment([older], newer).threads;
    expect(mergeComment(held, older).threads[0].content).toBe("new");
  });

  it("asks for the list again when a reply names an unknown thread", () => {
    expect(mergeComment([], comment(2, { parent: 99 })).missing).toBe(true);
  });

  it("drops a tombstone once its last reply is deleted", () => {
    const threads = [comment(1, { is_deleted: true, content: "", replies: [comment(2, { parent: 1 })] })];
    expect(mergeComment(threads, comment(2, { parent: 1, is_deleted: true }), "delete").threads).toEqual([]);
  });

  it("turns a full download URL into its path", () => {
    expect(messagingPath("https://host:8005/api/v1/attachments/1/download/")).toBe("/api/v1/attachments/1/download/");
    expect(messagingPath("/api/v1/attachments/1/download/")).toBe("/api/v1/attachments/1/download/");
  });
});
