import { describe, expect, it } from "vitest";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { UsersPage } from "./UsersPage";
import { renderPage } from "../../test/render";
import { invalid, mockFetch, page, type RecordedCall } from "../../test/fetch";
import { ADMIN, signInAs } from "../../test/tokens";

const user = (id: number, overrides = {}) => ({
  id,
  email: `user${id}@tts.local`,
  first_name: "User",
  last_name: `Number${id}`,
  is_active: true,
  otp_enabled: false,
  date_joined: "2026-01-05T10:00:00Z",
  roles: [],
  ...overrides,
});

const ttsRoles = page([
  { id: 1, name: "Admin", system: "tts", description: "" },
  { id: 2, name: "Agent", system: "tts", description: "" },
  { id: 3, name: "Coordinator", system: "tts", description: "" },
]);
const hdtsRoles = page([{ id: 11, name: "Requester", system: "hdts", description: "" }]);
const rolesBySystem = (call: RecordedCall) =>
  new URL(call.url, "http://console").searchParams.get("system") === "hdts" ? hdtsRoles : ttsRoles;

const assignment = (id: number, overrides = {}) => ({
  id,
  user: 5,
  user_email: "user5@tts.local",
  system: "tts",
  role: 2,
  role_name: "Agent",
  is_active: true,
  assigned_at: "2026-02-01T08:00:00Z",
  ...overrides,
});

describe("UsersPage", () => {
  it("lists users with their TTS roles and other systems' roles named with their system", async () => {
    signInAs(ADMIN);
    const calls = mockFetch({
      "GET /svc/auth/api/v1/users/": page([
        user(5, { roles: [{ system: "tts", role: "Agent" }, { system: "hdts", role: "Requester" }] }),
        user(6, { is_active: false, roles: [] }),
      ]),
    });
    renderPage(<UsersPage />, { path: "/admin/users" });
    const rows = await screen.findAllByTestId("user-row");
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByText("Agent")).toHaveClass("badge");
    expect(within(rows[0]).getByText("HDTS").closest(".badge")).toHaveTextContent("HDTS Requester");
    expect(within(rows[0]).getByText("Active")).toBeInTheDocument();
    expect(within(rows[1]).getByText("Inactive")).toBeInTheDocument();
    expect(within(rows[1]).getByText("No roles")).toBeInTheDocument();

    await userEvent.type(screen.getByLabelText("Name or email"), "ada");
    await userEvent.click(screen.getByRole("button", { name: "Search" }));
    await userEvent.selectOptions(screen.getByLabelText("Status"), "false");
    await waitFor(() => {
      const last = new URL(calls[calls.length - 1].url, "http://console");
      expect(last.searchParams.get("search")).toBe("ada");
      expect(last.searchParams.get("is_active")).toBe("false");
    });
  });

  it("creates a user, then assigns the chosen TTS role", async () => {
    signInAs(ADMIN);
    const calls = mockFetch({
      "GET /svc/auth/api/v1/users/": page([]),
      "GET /svc/auth/api/v1/roles/": ttsRoles,
      "POST /svc/auth/api/v1/users/": { status: 201, body: user(42, { email: "new@tts.local", first_name: "Nia", last_name: "New" }) },
      "POST /svc/auth/api/v1/user-system-roles/": { status: 201, body: assignment(9, { user: 42, role: 3, role_name: "Coordinator" }) },
    });
    renderPage(<UsersPage />, { path: "/admin/users" });
    await screen.findByText("No users yet");
    await userEvent.click(screen.getByRole("button", { name: "New user" }));
    const dialog = screen.getByRole("dialog");
    await userEvent.type(within(dialog).getByLabelText("First name"), "Nia");
    await userEvent.type(within(dialog).getByLabelText("Last name"), "New");
    await userEvent.type(within(dialog).getByLabelText("Email"), "new@tts.local");
    await userEvent.type(within(dialog).getByLabelText("Password"), "s3cure-Passw0rd");
    await waitFor(() => expect(within(dialog).getByLabelText("TTS role")).toHaveValue("2")); // Agent by default
    await userEvent.selectOptions(within(dialog).getByLabelText("TTS role"), "Coordinator");
    await userEvent.click(within(dialog).getByRole("button", { name: "Create user" }));

    expect(await screen.findByText("User created")).toBeInTheDocument();
    const posts = calls.filter((call) => call.method === "POST");
    expect(posts.map((call) => call.url)).toEqual(["/svc/auth/api/v1/users/", "/svc/auth/api/v1/user-system-roles/"]);
    expect(posts[0].body).toEqual({ first_name: "Nia", last_name: "New", email: "new@tts.local", password: "s3cure-Passw0rd" });
    expect(posts[1].body).toEqual({ user: 42, system: "tts", role: 3 });
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });

  it("shows the server's 400 under the field it names and assigns no role", async () => {
    signInAs(ADMIN);
    const calls = mockFetch({
      "GET /svc/auth/api/v1/users/": page([]),
      "GET /svc/auth/api/v1/roles/": ttsRoles,
      "POST /svc/auth/api/v1/users/": invalid({ email: ["user with this email already exists."], password: ["This password is too common."] }),
    });
    renderPage(<UsersPage />, { path: "/admin/users" });
    await screen.findByText("No users yet");
    await userEvent.click(screen.getByRole("button", { name: "New user" }));
    const dialog = screen.getByRole("dialog");
    await userEvent.type(within(dialog).getByLabelText("Email"), "taken@tts.local");
    await userEvent.type(within(dialog).getByLabelText("Password"), "password");
    await userEvent.click(within(dialog).getByRole("button", { name: "Create user" }));

    const email = within(dialog).getByLabelText("Email");
    await waitFor(() => expect(email).toHaveAttribute("aria-invalid", "true"));
    expect(email).toHaveAccessibleDescription("user with this email already exists.");
    expect(within(dialog).getByLabelText("Password")).toHaveAccessibleDescription(/This password is too common\./);
    expect(within(dialog).getByLabelText("First name")).not.toHaveAttribute("aria-invalid");
    expect(calls.some((call) => call.url.includes("user-system-roles"))).toBe(false);
  });

  it("manages a user's roles: lists active ones, revokes by id, assigns another system's role", async () => {
    signInAs(ADMIN);
    let revoked = false;
    const calls = mockFetch({
      "GET /svc/auth/api/v1/users/": page([user(5, { roles: [{ system: "tts", role: "Agent" }, { system: "tts", role: "Coordinator" }] })]),
      "GET /svc/auth/api/v1/roles/": rolesBySystem,
      "GET /svc/auth/api/v1/user-system-roles/": () =>
        page([assignment(31), ...(revoked ? [] : [assignment(32, { role: 3, role_name: "Coordinator" })])]),
      "DELETE /svc/auth/api/v1/user-system-roles/32/": () => {
        revoked = true;
        return { status: 204 };
      },
      "POST /svc/auth/api/v1/user-system-roles/": { status: 201, body: assignment(40, { system: "hdts", role: 11, role_name: "Requester" }) },
    });
    renderPage(<UsersPage />, { path: "/admin/users" });
    await userEvent.click(await screen.findByRole("button", { name: "Manage User Number5" }));
    const dialog = screen.getByRole("dialog");
    expect(await within(dialog).findAllByTestId("assignment")).toHaveLength(2);
    const listCall = calls.find((call) => call.url.startsWith("/svc/auth/api/v1/user-system-roles/"))!;
    const listUrl = new URL(listCall.url, "http://console");
    expect(listUrl.searchParams.get("user")).toBe("5");
    expect(listUrl.searchParams.get("is_active")).toBe("true");

    await userEvent.click(within(dialog).getByRole("button", { name: "Revoke Coordinator in TTS" }));
    await waitFor(() => expect(within(dialog).getAllByTestId("assignment")).toHaveLength(1));
    expect(calls.filter((call) => call.method === "DELETE").map((call) => call.url)).toEqual(["/svc/auth/api/v1/user-system-roles/32/"]);
    expect(screen.getByText("Role revoked")).toBeInTheDocument();

    await userEvent.selectOptions(within(dialog).getByLabelText("System"), "hdts");
    await waitFor(() => expect(within(dialog).getByRole("option", { name: "Requester" })).toBeInTheDocument());
    await userEvent.selectOptions(within(dialog).getByLabelText("Role"), "Requester");
    await userEvent.click(within(dialog).getByRole("button", { name: "Assign role" }));
    await screen.findByText("Role assigned");
    const post = calls.find((call) => call.method === "POST")!;
    expect(post.body).toEqual({ user: 5, system: "hdts", role: 11 });
  });

  it("offers only the roles the user does not hold yet", async () => {
    signInAs(ADMIN);
    mockFetch({
      "GET /svc/auth/api/v1/users/": page([user(5)]),
      "GET /svc/auth/api/v1/roles/": ttsRoles,
      "GET /svc/auth/api/v1/user-system-roles/": page([assignment(31)]),
    });
    renderPage(<UsersPage />, { path: "/admin/users" });
    await userEvent.click(await screen.findByRole("button", { name: "Manage User Number5" }));
    const dialog = screen.getByRole("dialog");
    await within(dialog).findByRole("option", { name: "Coordinator" });
    expect(within(dialog).queryByRole("option", { name: "Agent" })).not.toBeInTheDocument();
  });

  it("edits the name, deactivates with DELETE after confirming and reactivates with PATCH", async () => {
    signInAs(ADMIN);
    const calls = mockFetch({
      "GET /svc/auth/api/v1/users/": page([user(5)]),
      "GET /svc/auth/api/v1/roles/": ttsRoles,
      "GET /svc/auth/api/v1/user-system-roles/": page([]),
      "PATCH /svc/auth/api/v1/users/5/": (call: RecordedCall) => ({ status: 200, body: user(5, call.body as object) }),
      "DELETE /svc/auth/api/v1/users/5/": { status: 204 },
    });
    renderPage(<UsersPage />, { path: "/admin/users" });
    await userEvent.click(await screen.findByRole("button", { name: "Manage User Number5" }));
    const dialog = screen.getByRole("dialog");
    const first = within(dialog).getByLabelText("First name");
    await userEvent.clear(first);
    await userEvent.type(first, "Ursula");
    await userEvent.click(within(dialog).getByRole("button", { name: "Save name" }));
    await screen.findByText("Name saved");
    expect(calls.find((call) => call.method === "PATCH")!.body).toEqual({ first_name: "Ursula", last_name: "Number5" });

    await userEvent.click(within(dialog).getByRole("button", { name: "Deactivate" }));
    expect(calls.some((call) => call.method === "DELETE")).toBe(false);
    await userEvent.click(within(dialog).getByRole("button", { name: "Yes, deactivate" }));
    await screen.findByText("Account deactivated");
    expect(calls.filter((call) => call.method === "DELETE").map((call) => call.url)).toEqual(["/svc/auth/api/v1/users/5/"]);
    // workflow_api hands a deactivated person's open tasks on (docs/api.md, Sessions): the console must not say they stay
    expect(within(dialog).getByText(/their open tasks went to others holding the same role/)).toBeInTheDocument();

    await userEvent.click(within(dialog).getByRole("button", { name: "Reactivate" }));
    await screen.findByText("Account reactivated");
    expect(calls.filter((call) => call.method === "PATCH").at(-1)!.body).toEqual({ is_active: true });
  });
});
