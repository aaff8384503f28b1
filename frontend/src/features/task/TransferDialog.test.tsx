import { describe, expect, it, vi } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { TransferDialog } from "./TransferDialog";
import type { TaskDetail, TransferCandidate } from "../../api/types";
import { task } from "./fixtures";
import { renderPage } from "../../test/render";
import { invalid, mockFetch, page, type RecordedCall } from "../../test/fetch";
import { ADMIN, signInAs } from "../../test/tokens";

const CANDIDATES = "GET /svc/workflow/tasks/5/transfer-candidates/";
const TRANSFER = "POST /svc/workflow/tasks/5/transfer/";

const person = (user_id: number, user_full_name: string, active_assignments = 0): TransferCandidate => ({
  user_id,
  user_full_name,
  user_email: `${user_full_name.toLowerCase().replace(/ /g, ".")}@tts.local`,
  active_assignments,
});
const PEOPLE = [person(7, "Ana Triage", 2), person(8, "Ben Triage", 0), person(9, "Cy Triage", 5)];

/** The server's search: each word in the name or email. */
function candidates(call: RecordedCall) {
  const search = (new URL(call.url, "http://x").searchParams.get("search") ?? "").toLowerCase();
  return page(PEOPLE.filter((p) => search.split(/\s+/).every((word) => `${p.user_full_name} ${p.user_email}`.toLowerCase().includes(word))));
}

function open(routes: Record<string, unknown> = {}, detail: TaskDetail = task()) {
  signInAs(ADMIN);
  const calls = mockFetch({ [CANDIDATES]: candidates, [TRANSFER]: { status: 200, body: detail }, ...routes }); // a task has its own "status"
  const onDone = vi.fn();
  const onCancel = vi.fn();
  renderPage(<TransferDialog task={detail} onCancel={onCancel} onDone={onDone} />);
  return { calls, onDone, onCancel };
}

const combobox = () => screen.getByRole("combobox", { name: "Person" });
const optionNames = () => within(screen.getByRole("listbox", { hidden: true })).queryAllByRole("option", { hidden: true }).map((o) => o.querySelector(".combobox-name")?.textContent);

describe("TransferDialog", () => {
  it("is a labelled combobox over the server's eligible people, with their load", async () => {
    open();
    const input = combobox();
    expect(input).toHaveFocus();
    expect(input).toHaveAttribute("aria-autocomplete", "list");
    expect(input).toHaveAttribute("aria-controls", screen.getByRole("listbox").id);
    expect(input).toHaveAttribute("aria-expanded", "true");
    await waitFor(() => expect(optionNames()).toEqual(["Ana Triage", "Ben Triage", "Cy Triage"]));
    expect(screen.getAllByRole("option")[2]).toHaveTextContent("holds 5 tasks");
    expect(screen.getByText(/Active members of Manager who do not hold the task/)).toBeInTheDocument();
  });

  it("searches on the server as the admin types", async () => {
    const { calls } = open();
    await userEvent.type(combobox(), "ben");
    await waitFor(() => expect(optionNames()).toEqual(["Ben Triage"]));
    expect(calls.some((call) => call.url.includes("search=ben"))).toBe(true);
    await userEvent.clear(combobox());
    await userEvent.type(combobox(), "nobody");
    expect(await screen.findByText("Nobody in Manager matches “nobody”.")).toBeInTheDocument();
  });

  it("moves with the arrow keys, picks with Enter and sends the pick", async () => {
    const { calls, onDone } = open();
    await waitFor(() => expect(optionNames()).toHaveLength(3));
    const input = combobox();
    await userEvent.keyboard("{ArrowDown}{ArrowDown}");
    const second = screen.getAllByRole("option")[1];
    expect(input).toHaveAttribute("aria-activedescendant", second.id);
    expect(second).toHaveAttribute("aria-selected", "true");
    await userEvent.keyboard("{ArrowUp}{ArrowUp}"); // wraps to the last
    expect(input).toHaveAttribute("aria-activedescendant", screen.getAllByRole("option")[2].id);
    await userEvent.keyboard("{Home}{Enter}");
    expect(input).toHaveValue("Ana Triage");
    expect(input).toHaveAttribute("aria-expanded", "false");
    await userEvent.type(screen.getByLabelText("Notes"), "Covering leave");
    await userEvent.click(screen.getByRole("button", { name: "Confirm" }));
    await waitFor(() => expect(calls.find((call) => call.method === "POST")?.body).toEqual({ user_id: 7, notes: "Covering leave" }));
    await waitFor(() => expect(onDone.mock.calls[0]?.[0]).toMatchObject({ id: 5 }));
  });

  it("needs a pick before Confirm, and typing again drops the pick", async () => {
    open();
    await waitFor(() => expect(optionNames()).toHaveLength(3));
    expect(screen.getByRole("button", { name: "Confirm" })).toBeDisabled();
    await userEvent.click(screen.getAllByRole("option")[1]);
    expect(combobox()).toHaveValue("Ben Triage");
    expect(screen.getByRole("button", { name: "Confirm" })).toBeEnabled();
    await userEvent.type(combobox(), "x");
    expect(screen.getByRole("button", { name: "Confirm" })).toBeDisabled();
  });

  it("closes the list with Escape without closing the dialog", async () => {
    const { onCancel } = open();
    await waitFor(() => expect(optionNames()).toHaveLength(3));
    await userEvent.keyboard("{Escape}");
    expect(combobox()).toHaveAttribute("aria-expanded", "false");
    expect(screen.getByRole("listbox", { hidden: true })).not.toBeVisible();
    expect(onCancel).not.toHaveBeenCalled();
    await userEvent.keyboard("{ArrowDown}");
    expect(combobox()).toHaveAttribute("aria-expanded", "true");
  });

  it("shows the server's refusal under the field", async () => {
    open({ [TRANSFER]: invalid({ user_id: ["That person does not hold the step's role Manager."] }) });
    await waitFor(() => expect(optionNames()).toHaveLength(3));
    await userEvent.click(screen.getAllByRole("option")[0]);
    await userEvent.click(screen.getByRole("button", { name: "Confirm" }));
    const error = await screen.findByText("That person does not hold the step's role Manager.");
    expect(combobox()).toHaveAttribute("aria-invalid", "true");
    expect(combobox().getAttribute("aria-describedby")).toContain(error.id);
  });

  it("says when nobody else holds the role", async () => {
    open({ [CANDIDATES]: page([]) });
    expect(await screen.findByText("No other active member of Manager to transfer to.")).toBeInTheDocument();
  });

  it("says how many more there are than it shows", async () => {
    open({ [CANDIDATES]: page(PEOPLE, 45) });
    expect(await screen.findByText("3 of 45 shown; type to narrow.")).toBeInTheDocument();
  });
});
