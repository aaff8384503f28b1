import { describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { SavedViewsNav } from "./SavedViewsNav";
import { SaveViewButton } from "./SaveViewButton";
import { renderPage } from "../../test/render";
import { invalid, mockFetch, page } from "../../test/fetch";
import { ADMIN, AGENT, signInAs } from "../../test/tokens";

const LIST = "GET /svc/workflow/saved-views/";
const view = (id: number, overrides = {}) => ({
  id,
  name: `View ${id}`,
  filters: { mine: "true", priority: "High" },
  ordering: "-received_at",
  shared_with_role: null,
  owner_user_id: 7,
  is_owner: true,
  count: 3,
  created_at: "",
  updated_at: "",
  ...overrides,
});

describe("SavedViewsNav", () => {
  it("lists each view with its live count, links to its filters, and marks the one on screen", async () => {
    signInAs(AGENT);
    mockFetch({
      [LIST]: page([view(1), view(2, { name: "Team breaches", filters: { breached: "true" }, ordering: "", count: null, is_owner: false, shared_with_role: { role_id: 2, name: "Agent" } })]),
    });
    renderPage(<SavedViewsNav />, { path: "/inbox?status=any&priority=High&ordering=-received_at" });

    const group = await screen.findByRole("group", { name: "Saved views" });
    const mine = await within(group).findByRole("link", { name: /^View 1\s*3\s*tasks$/ });
    expect(mine).toHaveAttribute("href", "/inbox?ordering=-received_at&priority=High&status=any");
    expect(mine).toHaveAttribute("aria-current", "page");
    const shared = within(group).getByRole("link", { name: /^Team breaches\s*—\s*\(filters no longer apply\)$/ });
    expect(shared).toHaveAttribute("href", "/inbox?breached=true&status=any");
    expect(shared).not.toHaveAttribute("aria-current");
    expect(shared).toHaveAttribute("title", "Shared with Agent");
    expect(within(group).getByRole("button", { name: "Delete saved view View 1" })).toBeInTheDocument();
    expect(within(group).queryByRole("button", { name: "Delete saved view Team breaches" })).toBeNull();
  });

  it("deletes the person's own view after they confirm", async () => {
    signInAs(AGENT);
    let views = [view(1)];
    const calls = mockFetch({ [LIST]: () => page(views), "DELETE /svc/workflow/saved-views/1/": () => ((views = []), { status: 204 }) });
    renderPage(<SavedViewsNav />, { path: "/inbox" });

    await userEvent.click(await screen.findByRole("button", { name: "Delete saved view View 1" }));
    await userEvent.click(screen.getByRole("button", { name: "Delete view" }));

    await waitFor(() => expect(screen.queryByRole("link", { name: /View 1/ })).toBeNull());
    expect(calls.some((call) => call.method === "DELETE")).toBe(true);
    expect(screen.getByText(/Save a task list's filters/)).toBeInTheDocument();
  });

  it("reads the counts again whenever the task lists are read again (a live assignment)", async () => {
    signInAs(AGENT);
    let count = 3;
    const calls = mockFetch({ [LIST]: () => page([view(1, { count })]) });
    const { queryClient } = renderPage(<SavedViewsNav />, { path: "/inbox" });
    await screen.findByRole("link", { name: /^View 1\s*3\s*tasks$/ });
    queryClient.setQueryData(["tasks", "mine", {}], page([]));

    count = 4;
    await queryClient.invalidateQueries({ queryKey: ["tasks"] });

    expect(await screen.findByRole("link", { name: /^View 1\s*4\s*tasks$/ })).toBeInTheDocument();
    expect(calls.filter((call) => call.url.startsWith("/svc/workflow/saved-views/"))).toHaveLength(2);
  });
});

describe("SaveViewButton", () => {
  it("saves the page's filters and sort under a name", async () => {
    signInAs(AGENT);
    const calls = mockFetch({ "POST /svc/workflow/saved-views/": (call) => ({ status: 201, body: view(5, { name: (call.body as { name: string }).name }) }) });
    renderPage(<SaveViewButton scope="mine" />, { path: "/inbox?priority=Critical&ordering=target_resolution" });

    await userEvent.click(screen.getByRole("button", { name: "Save view" }));
    const dialog = screen.getByRole("dialog");
    expect(within(dialog).getByText(/Keeps: my tasks, status in_progress, priority Critical; sorted by target resolution\./)).toBeInTheDocument();
    expect(within(dialog).queryByLabelText("Share with")).toBeNull(); // agents do not share
    await userEvent.type(within(dialog).getByLabelText("Name"), "Urgent ones");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save view" }));

    await waitFor(() => expect(calls.find((call) => call.method === "POST")?.body).toEqual({
      name: "Urgent ones",
      filters: { mine: "true", status: "in_progress", priority: "Critical" },
      ordering: "target_resolution",
      shared_with_role: null,
    }));
    expect(await screen.findByText("View “Urgent ones” saved")).toBeInTheDocument();
  });

  it("lets administrators share with a role, and shows the server's refusal under the field", async () => {
    signInAs(ADMIN);
    const calls = mockFetch({
      "GET /svc/workflow/roles/": page([{ role_id: 2, name: "Agent", system: "tts", description: "", members: [] }]),
      "POST /svc/workflow/saved-views/": invalid({ name: ["You already have a view named 'Mine'."] }),
    });
    renderPage(<SaveViewButton scope="all" />, { path: "/tasks" });

    await userEvent.click(screen.getByRole("button", { name: "Save view" }));
    const dialog = screen.getByRole("dialog");
    await userEvent.type(within(dialog).getByLabelText("Name"), "Mine");
    await userEvent.selectOptions(await within(dialog).findByLabelText("Share with"), await within(dialog).findByRole("option", { name: "Agent" }));
    await userEvent.click(within(dialog).getByRole("button", { name: "Save view" }));

    expect(await within(dialog).findByText("You already have a view named 'Mine'.")).toBeInTheDocument();
    expect(within(dialog).getByLabelText("Name")).toHaveAttribute("aria-invalid", "true");
    expect(calls.find((call) => call.method === "POST")?.body).toMatchObject({ shared_with_role: 2, filters: {} });
  });
});
