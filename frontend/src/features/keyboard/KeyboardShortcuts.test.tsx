import { describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router-dom";
import { KeyboardShortcuts } from "./KeyboardShortcuts";
import { SHORTCUTS } from "./ShortcutsSheet";
import { renderPage } from "../../test/render";
import { mockFetch } from "../../test/fetch";
import { AGENT, signInAs } from "../../test/tokens";

function Shell() {
  return (
    <>
      <KeyboardShortcuts />
      <label htmlFor="global-search">Search</label>
      <input id="global-search" />
      <form className="composer">
        <label htmlFor="comment">Comment</label>
        <textarea id="comment" />
      </form>
      <button type="button">Somewhere</button>
      <Routes>
        <Route path="/inbox" element={<h1>Inbox page</h1>} />
        <Route path="/dashboard" element={<h1>Dashboard page</h1>} />
        <Route path="*" element={<h1>Start page</h1>} />
      </Routes>
    </>
  );
}

function start() {
  signInAs(AGENT);
  mockFetch({});
  renderPage(<Shell />, { path: "/start" });
}

describe("KeyboardShortcuts", () => {
  it("? opens the sheet listing every shortcut; its Close button closes it", async () => {
    start();
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    await userEvent.keyboard("?");
    const sheet = await screen.findByRole("dialog", { name: "Keyboard shortcuts" });
    const rows = within(sheet).getAllByRole("row").slice(1);
    expect(rows).toHaveLength(SHORTCUTS.length);
    expect(rows.map((row) => row.textContent)).toContain("g then iGo to My tasks");
    await userEvent.click(within(sheet).getByRole("button", { name: "Close" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
  });

  it("/ focuses the header search and c the comment box; letters typed there stay there", async () => {
    start();
    await userEvent.keyboard("/");
    expect(screen.getByLabelText("Search")).toHaveFocus();
    await userEvent.keyboard("g d?");
    expect(screen.getByLabelText("Search")).toHaveValue("g d?");
    expect(screen.getByRole("heading", { name: "Start page" })).toBeInTheDocument();
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    screen.getByRole("button", { name: "Somewhere" }).focus();
    await userEvent.keyboard("c");
    expect(screen.getByLabelText("Comment")).toHaveFocus();
    expect(screen.getByLabelText("Comment")).toHaveValue("");
  });

  it("g i and g d go to My tasks and the dashboard", async () => {
    start();
    await userEvent.keyboard("gd");
    expect(await screen.findByRole("heading", { name: "Dashboard page" })).toBeInTheDocument();
    await userEvent.keyboard("gi");
    expect(await screen.findByRole("heading", { name: "Inbox page" })).toBeInTheDocument();
  });
});
