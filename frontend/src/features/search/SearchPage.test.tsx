import { afterEach, describe, expect, it, vi } from "vitest";
import { act, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { renderPage } from "../../test/render";
import { invalid, mockFetch, page, problem } from "../../test/fetch";
import { AGENT, signInAs } from "../../test/tokens";
import { HeaderSearch } from "./HeaderSearch";
import { SearchPage } from "./SearchPage";
import { HIGHLIGHT_START as ON, HIGHLIGHT_STOP as OFF } from "./highlight";

const taskHit = (id: number, overrides = {}) => ({
  id,
  ticket_number: `TX2026112100000${id}`,
  subject: "Printer jammed",
  status: "in_progress",
  priority: "High",
  current_step_name: "Resolve",
  received_at: "2026-11-21T08:00:00Z",
  rank: 0.6,
  headline: `${ON}Printer${OFF} jammed`,
  snippet: `Paper stuck in the ${ON}printer${OFF} tray`,
  ...overrides,
});

const commentHit = (id: number, overrides = {}) => ({
  id,
  ticket_id: "TX20261121000009",
  parent: null,
  user_id: 11,
  author_name: "Bob Agent",
  created_at: "2026-11-21T09:00:00Z",
  rank: 0.1,
  snippet: `Restarted the ${ON}printer${OFF} <script>alert(1)</script>`,
  ...overrides,
});

/** A ResizeObserver that reports only when told: `resize(width)` gives every observed element that clientWidth. */
function stubResizeObserver() {
  const observers = new Set<{ callback: () => void; targets: Element[] }>();
  vi.stubGlobal(
    "ResizeObserver",
    class {
      entry: { callback: () => void; targets: Element[] };
      constructor(callback: () => void) {
        this.entry = { callback, targets: [] };
        observers.add(this.entry);
      }
      observe(target: Element) {
        this.entry.targets.push(target);
      }
      unobserve() {}
      disconnect() {
        observers.delete(this.entry);
      }
    },
  );
  return {
    resize(width: number) {
      for (const { callback, targets } of observers) {
        targets.forEach((target) => Object.defineProperty(target, "clientWidth", { configurable: true, value: width }));
        callback();
      }
    },
  };
}

describe("HeaderSearch", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("in a narrow box says only “Search” (the long placeholder was cut to “Sea” at 320 px); its name stays in full", () => {
    signInAs(AGENT);
    const observer = stubResizeObserver();
    renderPage(<HeaderSearch />, { path: "/inbox" });
    const box = screen.getByRole("searchbox", { name: "Search tickets and comments" });
    act(() => observer.resize(64));
    expect(box).toHaveAttribute("placeholder", "Search");
    act(() => observer.resize(448));
    expect(box).toHaveAttribute("placeholder", "Search tickets and comments");
    act(() => observer.resize(259));
    expect(box).toHaveAttribute("placeholder", "Search");
  });

  it("is a labelled search box with the id the / shortcut focuses, and Enter opens the results", async () => {
    signInAs(AGENT);
    mockFetch({ "GET /svc/workflow/search/": page([]), "GET /svc/messaging/api/v1/search/": page([]) });
    renderPage(
      <>
        <HeaderSearch />
        <SearchPage />
      </>,
      { path: "/inbox" },
    );
    const box = screen.getByRole("searchbox", { name: "Search tickets and comments" });
    expect(box).toHaveAttribute("id", "global-search");
    expect(box).toHaveAttribute("maxLength", "200");

    await userEvent.type(box, "   {Enter}");
    expect(screen.queryByRole("heading", { name: /Search results/ })).not.toBeInTheDocument();

    await userEvent.type(box, " printer & toner {Enter}");
    expect(await screen.findByRole("heading", { level: 1, name: "Search results for “printer & toner”" })).toBeInTheDocument();
  });

  it("shows the search in force on the results page", () => {
    signInAs(AGENT);
    mockFetch({ "GET /svc/workflow/search/": page([]), "GET /svc/messaging/api/v1/search/": page([]) });
    renderPage(<HeaderSearch />, { path: "/search?q=printer%20toner", route: "/search" });
    expect(screen.getByRole("searchbox")).toHaveValue("printer toner");
  });
});

describe("SearchPage", () => {
  it("asks both services and shows tasks and comments with their matches marked", async () => {
    signInAs(AGENT);
    const calls = mockFetch({
      "GET /svc/workflow/search/": page([taskHit(1), taskHit(2, { snippet: "" })], 2),
      "GET /svc/messaging/api/v1/search/": page([commentHit(5, { parent: 4 })]),
    });
    renderPage(<SearchPage />, { path: "/search?q=printer", route: "/search" });

    expect(screen.getByRole("heading", { level: 1, name: "Search results for “printer”" })).toBeInTheDocument();
    const tasks = await screen.findByRole("region", { name: "Tasks (2)" });
    const links = within(tasks).getAllByRole("link");
    expect(links[0]).toHaveAttribute("href", "/tasks/1");
    expect(within(links[0]).getByText("Printer", { selector: "mark" })).toBeInTheDocument();
    expect(within(tasks).getByText("printer", { selector: "mark" })).toBeInTheDocument();

    const comments = await screen.findByRole("region", { name: "Comments (1)" });
    expect(within(comments).getByRole("link", { name: "TX20261121000009" })).toHaveAttribute("href", "/tickets/TX20261121000009");
    expect(within(comments).getByText("Bob Agent replied")).toBeInTheDocument();
    expect(comments.querySelector("script")).toBeNull();
    expect(within(comments).getByText(/<script>alert\(1\)<\/script>/)).toBeInTheDocument();

    const asked = calls.map((call) => new URL(call.url, "http://console"));
    expect(asked.map((url) => url.searchParams.get("q"))).toEqual(["printer", "printer"]);
  });

  it("shows one service's failure without hiding the other's results", async () => {
    signInAs(AGENT);
    mockFetch({
      "GET /svc/workflow/search/": page([taskHit(1)]),
      "GET /svc/messaging/api/v1/search/": problem(503, "database_unavailable", "The database is not answering."),
    });
    renderPage(<SearchPage />, { path: "/search?q=printer", route: "/search" });

    expect(await screen.findByRole("region", { name: "Tasks (1)" })).toBeInTheDocument();
    const comments = screen.getByRole("region", { name: "Comments" });
    expect(await within(comments).findByRole("alert")).toHaveTextContent("The database is not answering.");
  });

  it("says what was wrong with the search when a service refuses it, and when nothing matches", async () => {
    signInAs(AGENT);
    mockFetch({
      "GET /svc/workflow/search/": invalid({ q: ["Ensure this field has no more than 200 characters."] }),
      "GET /svc/messaging/api/v1/search/": page([]),
    });
    renderPage(<SearchPage />, { path: "/search?q=printer", route: "/search" });

    const tasks = screen.getByRole("region", { name: "Tasks" });
    expect(await within(tasks).findByRole("alert")).toHaveTextContent(/200 characters/);
    expect(await screen.findByText("No comment matches")).toBeInTheDocument();
  });

  it("pages each list on its own", async () => {
    signInAs(AGENT);
    const calls = mockFetch({
      "GET /svc/workflow/search/": page([taskHit(1)], 25),
      "GET /svc/messaging/api/v1/search/": page([commentHit(1)]),
    });
    renderPage(<SearchPage />, { path: "/search?q=printer", route: "/search" });
    const tasks = await screen.findByRole("region", { name: "Tasks (25)" });

    await userEvent.click(within(tasks).getByRole("button", { name: "Next →" }));

    const pages = calls.map((call) => new URL(call.url, "http://console")).map((url) => [url.pathname, url.searchParams.get("page")]);
    expect(pages).toContainEqual(["/svc/workflow/search/", "2"]);
    expect(pages.filter(([path]) => path === "/svc/messaging/api/v1/search/")).toHaveLength(1);
  });

  it("reads a common word's capped count as 1000 or more", async () => {
    signInAs(AGENT);
    mockFetch({ "GET /svc/workflow/search/": page([taskHit(1)], 999), "GET /svc/messaging/api/v1/search/": page([commentHit(1)], 1000) });
    renderPage(<SearchPage />, { path: "/search?q=printer", route: "/search" });

    expect(await screen.findByRole("region", { name: "Tasks (999)" })).toBeInTheDocument();
    expect(await screen.findByRole("region", { name: "Comments (1000+)" })).toBeInTheDocument();
  });

  it("invites a search when there is none", () => {
    signInAs(AGENT);
    mockFetch({});
    renderPage(<SearchPage />, { path: "/search", route: "/search" });
    expect(screen.getByText("Type in the search box above")).toBeInTheDocument();
  });
});
