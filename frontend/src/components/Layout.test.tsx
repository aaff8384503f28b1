import { describe, expect, it } from "vitest";
import { useEffect, useState } from "react";
import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { Link, MemoryRouter, Route, Routes } from "react-router-dom";
import { AuthProvider } from "../auth/AuthProvider";
import { ToastProvider } from "./Toasts";
import { Layout } from "./Layout";
import { LiveStatusContext } from "../live/liveStatus";
import type { SocketState } from "../live/socket";
import { mockFetch } from "../test/fetch";
import { ADMIN, AGENT, signInAs } from "../test/tokens";
import { UNREAD_FAILED } from "../features/notifications/NotificationBell";

function Page({ title, slow = false }: { title: string; slow?: boolean }) {
  return (
    <section>
      {slow ? <SlowHeading title={title} /> : <h1>{title}</h1>}
      <Link to="/dashboard">to the dashboard</Link>
      <Link to="/tasks/42">to task 42</Link>
      <Link to="/admin/workflows/7">to workflow 7</Link>
      <button type="button">Inside</button>
    </section>
  );
}

/** A heading that appears a moment after the page mounts (a page still loading). */
function SlowHeading({ title }: { title: string }) {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setShown(true), 30);
    return () => clearTimeout(timer);
  }, []);
  return shown ? <h1>{title}</h1> : <p>Loading…</p>;
}

function renderLayout(path = "/inbox", live: SocketState = "open") {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter initialEntries={[path]}>
        <AuthProvider>
          <ToastProvider>
            <LiveStatusContext.Provider value={{ state: live, paused: live !== "open" }}>
              <Routes>
                <Route element={<Layout />}>
                  <Route path="/inbox" element={<Page title="My tasks" />} />
                  <Route path="/dashboard" element={<Page title="Dashboard" slow />} />
                  <Route path="/notifications" element={<Page title="Notifications" />} />
                  <Route path="/tasks/:taskId" element={<Page title="Printer on fire" />} />
                  <Route path="/admin/workflows/:workflowId" element={<Page title="IT Support" />} />
                </Route>
              </Routes>
            </LiveStatusContext.Provider>
          </ToastProvider>
        </AuthProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

const TASK = { id: 42, ticket_number: "TX2026112100042", subject: "Printer on fire" };

describe("the page frame", () => {
  it("names every page in the tab title and moves focus to its main heading on a route change", async () => {
    signInAs(AGENT);
    mockFetch({ "GET /svc/notification/api/v2/notifications/inapp/unread-count/": { unread: 0 }, "GET /svc/workflow/tasks/42/": TASK });
    renderLayout("/inbox");
    await waitFor(() => expect(document.title).toBe("Inbox · TTS console"));
    expect(screen.getByRole("heading", { name: "My tasks" })).not.toHaveFocus(); // the first page leaves focus alone

    await userEvent.click(screen.getByRole("link", { name: "to the dashboard" }));
    await waitFor(() => expect(screen.getByRole("heading", { name: "Dashboard" })).toHaveFocus()); // drawn late, still found
    expect(screen.getByRole("heading", { name: "Dashboard" })).toHaveAttribute("tabindex", "-1");
    expect(document.title).toBe("Dashboard · TTS console");

    await userEvent.click(screen.getByRole("link", { name: "to task 42" }));
    await waitFor(() => expect(document.title).toBe("Task TX2026112100042 · TTS console"));
    expect(screen.getByRole("heading", { name: "Printer on fire" })).toHaveFocus();
  });

  it("leaves focus where it is when only the page's own address changes (the editor saving a new workflow)", async () => {
    signInAs(ADMIN);
    mockFetch({ "GET /svc/notification/api/v2/notifications/inapp/unread-count/": { unread: 0 } });
    renderLayout("/admin/workflows/new");
    const inside = screen.getByRole("button", { name: "Inside" });
    inside.focus();
    await userEvent.click(screen.getByRole("link", { name: "to workflow 7" }));
    await waitFor(() => expect(document.title).toBe("Workflow editor · TTS console"));
    expect(screen.getByRole("heading", { name: "IT Support" })).not.toHaveFocus();
  });

  it("closes the phone menu on Escape and gives focus back to the menu button", async () => {
    signInAs(AGENT);
    mockFetch({ "GET /svc/notification/api/v2/notifications/inapp/unread-count/": { unread: 0 } });
    renderLayout();
    const button = screen.getByRole("button", { name: "Menu" });
    await userEvent.click(button);
    expect(button).toHaveAttribute("aria-expanded", "true");
    screen.getByRole("link", { name: "Dashboard" }).focus();
    await userEvent.keyboard("{Escape}");
    expect(button).toHaveAttribute("aria-expanded", "false");
    expect(button).toHaveFocus();
  });

  it("closes the phone menu on a tap outside it, on the bell, and on any link, but not on a tap inside", async () => {
    signInAs(AGENT);
    mockFetch({ "GET /svc/notification/api/v2/notifications/inapp/unread-count/": { unread: 0 } });
    renderLayout();
    const button = screen.getByRole("button", { name: "Menu" });
    const menu = screen.getByRole("navigation", { name: "Main" });

    await userEvent.click(button);
    fireEvent.pointerDown(menu);
    expect(button).toHaveAttribute("aria-expanded", "true");
    fireEvent.pointerDown(screen.getByRole("heading", { name: "My tasks" }));
    expect(button).toHaveAttribute("aria-expanded", "false");

    await userEvent.click(button);
    await userEvent.click(screen.getByTestId("bell"));
    expect(button).toHaveAttribute("aria-expanded", "false");
    expect(screen.getByRole("heading", { name: "Notifications" })).toBeInTheDocument();

    await userEvent.click(button);
    await userEvent.click(screen.getByRole("link", { name: "to the dashboard" }));
    expect(button).toHaveAttribute("aria-expanded", "false");
  });

  it.each([
    ["open", "Live", "Live updates on"],
    ["closed", "Reconnecting", "Live updates paused, reconnecting…"],
    ["connecting", "Connecting", "Connecting to live updates…"],
  ] as const)("says the live state in words, not colour only (%s)", (state, label, title) => {
    signInAs(AGENT);
    mockFetch({ "GET /svc/notification/api/v2/notifications/inapp/unread-count/": { unread: 0 } });
    renderLayout("/inbox", state);
    expect(screen.getByRole("link", { name: "TTS console" })).toHaveAttribute("href", "/inbox"); // the brand keeps its name when only the mark shows
    const indicator = screen.getByTestId("live-indicator");
    expect(indicator).toHaveTextContent(label);
    expect(indicator).toHaveAttribute("title", title);
  });

  it("says the unread count could not be read instead of showing 0", async () => {
    signInAs(AGENT);
    mockFetch({ "GET /svc/notification/api/v2/notifications/inapp/unread-count/": { status: 503, body: { detail: "down" } } });
    renderLayout();
    const bell = screen.getByTestId("bell");
    await waitFor(() => expect(bell).toHaveAttribute("title", UNREAD_FAILED));
    expect(screen.getByTestId("bell-count")).toHaveTextContent("?");
    expect(bell).toHaveAccessibleName(`Notifications, ? ${UNREAD_FAILED.toLowerCase()}`);
    expect(bell).not.toHaveAccessibleName(/0 unread/);
  });

  it("shows the unread count when it reads", async () => {
    signInAs(AGENT);
    mockFetch({ "GET /svc/notification/api/v2/notifications/inapp/unread-count/": { unread: 3 } });
    renderLayout();
    await waitFor(() => expect(screen.getByTestId("bell-count")).toHaveTextContent("3"));
    expect(screen.getByTestId("bell")).toHaveAccessibleName("Notifications, 3 unread");
    await act(async () => undefined);
  });

  it("opens the shortcuts sheet from the sidebar's button, for those who do not know `?`", async () => {
    signInAs(AGENT);
    mockFetch({ "GET /svc/notification/api/v2/notifications/inapp/unread-count/": { unread: 0 } });
    renderLayout();
    expect(screen.queryByTestId("shortcuts-sheet")).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: /Keyboard shortcuts/ }));
    expect(await screen.findByTestId("shortcuts-sheet")).toBeVisible();
    expect(screen.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeInTheDocument();
  });

  it("names the bell with the badge's own text past 99 (label in name)", async () => {
    signInAs(AGENT);
    mockFetch({ "GET /svc/notification/api/v2/notifications/inapp/unread-count/": { unread: 140 } });
    renderLayout();
    await waitFor(() => expect(screen.getByTestId("bell-count")).toHaveTextContent("99+"));
    expect(screen.getByTestId("bell")).toHaveAccessibleName("Notifications, 99+ unread");
    await act(async () => undefined);
  });
});
