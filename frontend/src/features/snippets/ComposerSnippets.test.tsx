import { useState } from "react";
import { describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ComposerSnippets } from "./ComposerSnippets";
import { renderPage } from "../../test/render";
import { invalid, mockFetch, page } from "../../test/fetch";
import { AGENT, signInAs } from "../../test/tokens";

const snippet = (id: number, shortcut: string, title: string, overrides = {}) => ({
  id,
  shortcut,
  title,
  body: `Hi {{requester_first_name}} (${shortcut})`,
  is_shared: false,
  owner_user_id: 7,
  is_owner: true,
  created_at: "",
  updated_at: "",
  ...overrides,
});
const SNIPPETS = [snippet(1, "hello", "Greeting"), snippet(2, "help", "Help article", { is_shared: true, is_owner: false }), snippet(3, "thanks", "Thanks")];

function Composer() {
  const [text, setText] = useState("");
  return (
    <>
      <label htmlFor="comment">Add a comment</label>
      <textarea id="comment" value={text} onChange={(event) => setText(event.target.value)} />
      <ComposerSnippets textareaId="comment" value={text} onChange={setText} />
    </>
  );
}

function open(routes = {}) {
  signInAs(AGENT);
  const calls = mockFetch({
    "GET /svc/workflow/snippets/": page(SNIPPETS),
    "GET /svc/workflow/snippets/1/render/": { title: "Greeting", body: "Hi Emma (hello)" },
    "GET /svc/workflow/snippets/3/render/": { title: "Thanks", body: "Thanks, Emma." },
    ...routes,
  });
  renderPage(<Composer />, { path: "/tasks/5", route: "/tasks/:taskId" });
  return calls;
}

describe("ComposerSnippets", () => {
  it("offers the snippets matching a /command and inserts the one chosen, filled in for the task", async () => {
    const calls = open();
    const box = screen.getByLabelText("Add a comment");
    await waitFor(() => expect(calls.some((call) => call.url.startsWith("/svc/workflow/snippets/"))).toBe(true));

    await userEvent.type(box, "Dear all, /he");

    const list = await screen.findByRole("listbox", { name: "Snippets" });
    expect(within(list).getAllByRole("option").map((option) => option.textContent)).toEqual(["/hello Greeting", "/help Help article · shared"]);
    expect(box).toHaveAttribute("aria-controls", list.id);
    expect(box).toHaveAttribute("aria-activedescendant", within(list).getAllByRole("option")[0].id);
    await userEvent.keyboard("{ArrowDown}{ArrowUp}{Enter}");

    await waitFor(() => expect(box).toHaveValue("Dear all, Hi Emma (hello)"));
    expect(calls.some((call) => call.url === "/svc/workflow/snippets/1/render/?task=5")).toBe(true);
    expect(screen.queryByRole("listbox")).toBeNull();
    expect(box).not.toHaveAttribute("aria-controls");
    expect(box).not.toHaveAttribute("aria-activedescendant");
  });

  it("leaves the text alone on Escape and when nothing matches", async () => {
    open();
    const box = screen.getByLabelText("Add a comment");
    await userEvent.type(box, "/th");
    expect(await screen.findByRole("listbox")).toBeInTheDocument();

    await userEvent.keyboard("{Escape}");
    expect(screen.queryByRole("listbox")).toBeNull();
    await userEvent.type(box, "x and/or");
    expect(screen.queryByRole("listbox")).toBeNull();
    expect(box).toHaveValue("/thx and/or");
  });

  it("inserts from the picker where the caret was", async () => {
    open();
    const box = screen.getByLabelText("Add a comment");
    await userEvent.type(box, "Hello. ");

    await userEvent.click(screen.getByRole("button", { name: "Snippets" }));
    const dialog = screen.getByRole("dialog");
    await userEvent.type(within(dialog).getByLabelText("Find a snippet"), "/tha");
    expect(within(dialog).queryByText("Greeting")).toBeNull();
    await userEvent.click(within(dialog).getByRole("button", { name: "Insert Thanks" }));

    await waitFor(() => expect(box).toHaveValue("Hello. Thanks, Emma."));
  });

  it("writes a new snippet and shows the server's refusal under its field", async () => {
    const calls = open({ "POST /svc/workflow/snippets/": invalid({ body: ["Unknown placeholder {{first_name}}."] }) });
    await userEvent.click(screen.getByRole("button", { name: "Snippets" }));
    const dialog = screen.getByRole("dialog");
    await userEvent.click(within(dialog).getByRole("button", { name: "New snippet" }));
    await userEvent.type(within(dialog).getByLabelText("Title"), "Welcome");
    await userEvent.type(within(dialog).getByLabelText("Shortcut"), "welcome");
    await userEvent.type(within(dialog).getByLabelText("Text"), "Hi {{{{first_name}}");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save snippet" }));

    expect(await within(dialog).findByText("Unknown placeholder {{first_name}}.")).toBeInTheDocument();
    expect(within(dialog).getByLabelText("Text")).toHaveAttribute("aria-invalid", "true");
    expect(calls.find((call) => call.method === "POST")?.body).toEqual({ title: "Welcome", shortcut: "welcome", body: "Hi {{first_name}}", is_shared: false });
    expect(within(dialog).queryByLabelText("Share with every agent")).toBeNull();
  });

  it("says so when a snippet cannot be filled in, and inserts nothing", async () => {
    open({ "GET /svc/workflow/snippets/1/render/": { status: 404, body: { detail: "No task 5 that you may open.", code: "not_found", status: 404 } } });
    const box = screen.getByLabelText("Add a comment");
    await userEvent.type(box, "/hel");
    await screen.findByRole("listbox");
    await userEvent.keyboard("{Enter}");

    expect(await screen.findByRole("alert")).toHaveTextContent("Could not fill in “Greeting”");
    expect(box).toHaveValue("/hel");
  });
});
