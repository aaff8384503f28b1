import { beforeEach, describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { CommentThread } from "./CommentThread";
import { FakeWebSocket } from "./fakeSocket";
import { filesProblem, MAX_FILE_BYTES } from "./ComposerFiles";
import { myVote } from "./RatingButtons";
import type { Comment } from "../../api/types";
import { renderPage } from "../../test/render";
import { invalid, mockFetch, type RecordedCall, type Route } from "../../test/fetch";
import { AGENT, signInAs } from "../../test/tokens";

const TICKET = "TX20261121000001";
const LIST = "GET /svc/messaging/api/v1/comments/";
const POST = "POST /svc/messaging/api/v1/comments/";
const RATE = "POST /svc/messaging/api/v1/comments/1/rate/";
const ME = 7; // AGENT

const at = "2026-11-21T10:00:00Z";
const comment = (id: number, overrides: Partial<Comment> = {}): Comment => ({
  id,
  ticket_id: TICKET,
  user_id: 9,
  author_name: "Bea Coordinator",
  content: `Comment number ${id}`,
  parent: null,
  thumbs_up: 0,
  thumbs_down: 0,
  thumbs_up_user_ids: [],
  thumbs_down_user_ids: [],
  attachments: [],
  is_edited: false,
  edited_at: null,
  is_deleted: false,
  created_at: at,
  updated_at: at,
  replies: [],
  ...overrides,
});
const file = (name: string, content = "hello") => new File([content], name, { type: "text/plain" });

async function openThread(routes: Record<string, Route>) {
  signInAs(AGENT);
  const calls = mockFetch(routes);
  renderPage(<CommentThread ticketId={TICKET} />);
  await waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1));
  FakeWebSocket.last.open();
  return calls;
}

const posts = (calls: RecordedCall[]) => calls.filter((call) => call.method === "POST");
const composer = () => screen.getByRole("textbox", { name: "Add a comment" }).closest("form") as HTMLFormElement;

describe("the composer's files", () => {
  beforeEach(() => FakeWebSocket.install());

  it("sends the comment and its chosen files in one multipart request, then clears them", async () => {
    const calls = await openThread({ [LIST]: [], [POST]: { status: 201, body: comment(5, { user_id: ME, content: "See logs" }) } });
    const form = composer();
    await userEvent.upload(within(form).getByLabelText("Attach files"), [file("boot.log"), file("photo.txt")]);
    await userEvent.click(within(form).getByRole("button", { name: "Remove photo.txt" }));
    expect(within(within(form).getByRole("list", { name: "Files to attach" })).getAllByRole("listitem").map((item) => item.textContent)).toEqual([
      expect.stringContaining("boot.log"),
    ]);
    await userEvent.type(within(form).getByLabelText("Add a comment"), "See logs");
    await userEvent.click(within(form).getByRole("button", { name: "Post comment" }));
    await waitFor(() => expect(posts(calls)).toHaveLength(1));
    const body = posts(calls)[0].body as FormData;
    expect(body).toBeInstanceOf(FormData);
    expect([body.get("ticket_id"), body.get("content"), body.get("parent")]).toEqual([TICKET, "See logs", null]);
    expect((body.getAll("file") as File[]).map((sent) => sent.name)).toEqual(["boot.log"]);
    await waitFor(() => expect(within(form).queryByRole("list", { name: "Files to attach" })).not.toBeInTheDocument());
  });

  it("posts plain JSON without files", async () => {
    const calls = await openThread({ [LIST]: [], [POST]: { status: 201, body: comment(5, { user_id: ME }) } });
    await userEvent.type(screen.getByLabelText("Add a comment"), "Just text");
    await userEvent.click(screen.getByRole("button", { name: "Post comment" }));
    await waitFor(() => expect(posts(calls)[0]?.body).toEqual({ ticket_id: TICKET, content: "Just text", parent: null }));
  });

  it("refuses an empty file at once, and the error clears on the next attempt", async () => {
    const calls = await openThread({ [LIST]: [] });
    const input = within(composer()).getByLabelText("Attach files");
    await userEvent.upload(input, file("empty.txt", ""));
    expect(await within(composer()).findByRole("alert")).toHaveTextContent("empty.txt is empty; choose another file.");
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(within(composer()).queryByRole("list", { name: "Files to attach" })).not.toBeInTheDocument();
    await userEvent.upload(input, file("good.txt"));
    expect(within(composer()).queryByRole("alert")).not.toBeInTheDocument();
    expect(within(composer()).getByRole("button", { name: "Remove good.txt" })).toBeInTheDocument();
    expect(posts(calls)).toHaveLength(0);
  });

  it("shows the server's refusal of a file until the next attempt, keeping the text", async () => {
    await openThread({ [LIST]: [], [POST]: invalid({ file: ["tool.exe: files of type application/x-dosexec may not be attached"] }) });
    const form = composer();
    await userEvent.upload(within(form).getByLabelText("Attach files"), file("tool.exe", "MZ"));
    await userEvent.type(within(form).getByLabelText("Add a comment"), "The tool");
    await userEvent.click(within(form).getByRole("button", { name: "Post comment" }));
    expect(await within(form).findByRole("alert")).toHaveTextContent("tool.exe: files of type application/x-dosexec may not be attached");
    expect(within(form).getByLabelText("Add a comment")).toHaveValue("The tool");
    await userEvent.click(within(form).getByRole("button", { name: "Remove tool.exe" }));
    expect(within(form).queryByRole("alert")).not.toBeInTheDocument();
  });

  it("clears a comment's own Attach error on the next attempt", async () => {
    const calls = await openThread({
      [LIST]: [comment(1, { user_id: ME })],
      "POST /svc/messaging/api/v1/comments/1/attachments/": { status: 201, body: comment(1, { user_id: ME }) },
    });
    const [item] = await screen.findAllByTestId("comment");
    await userEvent.upload(within(item).getByLabelText("Attach files"), file("empty.txt", ""));
    expect(await within(item).findByRole("alert")).toHaveTextContent("empty.txt is empty");
    expect(posts(calls)).toHaveLength(0);
    await userEvent.upload(within(item).getByLabelText("Attach files"), file("fine.txt"));
    await waitFor(() => expect(posts(calls)).toHaveLength(1));
    expect(within(item).queryByRole("alert")).not.toBeInTheDocument();
  });

  it("checks size and count before sending", () => {
    expect(filesProblem([file("a.txt")])).toBeNull();
    expect(filesProblem([new File([new Uint8Array(MAX_FILE_BYTES + 1)], "big.bin")])).toBe("big.bin is larger than 10.0 MiB, the most one file may be.");
    expect(filesProblem([file("a.txt"), file("b.txt")], 9)).toBe("At most 10 files at once.");
  });
});

describe("votes", () => {
  beforeEach(() => FakeWebSocket.install());

  it("shows the caller's vote pressed, and pressing it again takes it back", async () => {
    const voted = comment(1, { thumbs_up: 2, thumbs_up_user_ids: [3, ME] });
    const calls = await openThread({ [LIST]: [voted], [RATE]: comment(1, { thumbs_up: 1, thumbs_up_user_ids: [3] }) });
    const up = await screen.findByRole("button", { name: "Thumbs up (2), your vote: press again to take it back" });
    expect(up).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByRole("button", { name: "Thumbs down (0)" })).toHaveAttribute("aria-pressed", "false");
    await userEvent.click(up);
    await waitFor(() => expect(posts(calls)[0]?.body).toEqual({ rating: null }));
    expect(await screen.findByRole("button", { name: "Thumbs up (1)" })).toHaveAttribute("aria-pressed", "false");
  });

  it("switches a vote with the other button", async () => {
    const calls = await openThread({
      [LIST]: [comment(1, { thumbs_up: 1, thumbs_up_user_ids: [ME] })],
      [RATE]: comment(1, { thumbs_down: 1, thumbs_down_user_ids: [ME] }),
    });
    await userEvent.click(await screen.findByRole("button", { name: "Thumbs down (0)" }));
    await waitFor(() => expect(posts(calls)[0]?.body).toEqual({ rating: false }));
    expect(await screen.findByRole("button", { name: /Thumbs down \(1\), your vote/ })).toHaveAttribute("aria-pressed", "true");
  });

  it("offers no vote on one's own comment, only the counts", async () => {
    await openThread({ [LIST]: [comment(1, { user_id: ME, thumbs_up: 4, thumbs_down: 1 })] });
    const [item] = await screen.findAllByTestId("comment");
    expect(within(item).queryByRole("button", { name: /Thumbs/ })).not.toBeInTheDocument();
    expect(within(item).getByTestId("own-votes")).toHaveTextContent("Your comment: 4 thumbs up, 1 thumbs down");
  });

  it("reads the caller's vote from the voter lists", () => {
    expect(myVote(comment(1, { thumbs_up_user_ids: [ME] }), ME)).toBe(true);
    expect(myVote(comment(1, { thumbs_down_user_ids: [ME] }), ME)).toBe(false);
    expect(myVote(comment(1, { thumbs_up_user_ids: [3] }), ME)).toBeNull();
    expect(myVote(comment(1, { thumbs_up_user_ids: undefined }), undefined)).toBeNull();
  });
});
