import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, screen } from "@testing-library/react";
import { LiveNotifications, toastGroup } from "./LiveNotifications";
import { LiveBanner } from "./LiveBanner";
import { PAUSED_AFTER_MS, POLL_WHILE_PAUSED_MS, pollWhilePaused } from "./liveStatus";
import { NotificationBell } from "../features/notifications/NotificationBell";
import { renderPage } from "../test/render";
import { mockFetch, type RecordedCall } from "../test/fetch";
import { AGENT, signInAs } from "../test/tokens";

class FakeSocket {
  static instances: FakeSocket[] = [];
  static OPEN = 1;
  readyState = 0;
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }
  send() {}
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({ code: 1006 });
  }
}

const BANNER = "Live updates paused, reconnecting.";
const latest = () => FakeSocket.instances[FakeSocket.instances.length - 1];
const unreadReads = (calls: RecordedCall[]) => calls.filter((call) => call.url.includes("unread-count")).length;
/** Lets the socket's token lookup, React's updates and the queries' fetches settle. */
const settle = () => act(() => vi.advanceTimersByTimeAsync(50));

let calls: RecordedCall[];

beforeEach(() => {
  vi.useFakeTimers({ shouldAdvanceTime: true });
  vi.stubGlobal("WebSocket", FakeSocket);
  signInAs(AGENT);
  calls = mockFetch({ "GET /svc/notification/api/v2/notifications/inapp/unread-count/": { unread: 2 } });
});

afterEach(() => {
  FakeSocket.instances = [];
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

function renderConsole() {
  return renderPage(
    <LiveNotifications>
      <LiveBanner />
      <NotificationBell />
    </LiveNotifications>,
  );
}

describe("live or honestly not", () => {
  it("says nothing while the socket is live, and polls the bell only once a minute", async () => {
    renderConsole();
    await settle();
    act(() => latest().open());
    await settle();
    const before = unreadReads(calls);

    await act(() => vi.advanceTimersByTimeAsync(POLL_WHILE_PAUSED_MS + 1_000));

    expect(screen.queryByText(BANNER)).not.toBeInTheDocument();
    expect(unreadReads(calls)).toBe(before);
  });

  it("says so in words when the socket drops, polls every 30 s, and catches up when it is back", async () => {
    // given: a live console
    const { queryClient } = renderConsole();
    await settle();
    act(() => latest().open());
    await settle();
    expect(screen.getByRole("status", { name: "Live updates" })).toBeEmptyDOMElement();

    // when: the socket drops
    act(() => latest().drop());
    await settle();

    // then: the status region says so, and the bell is read again every 30 s
    expect(screen.getByRole("status", { name: "Live updates" })).toHaveTextContent(BANNER);
    const atDrop = unreadReads(calls);
    await act(() => vi.advanceTimersByTimeAsync(POLL_WHILE_PAUSED_MS + 100));
    expect(unreadReads(calls)).toBe(atDrop + 1);
    await act(() => vi.advanceTimersByTimeAsync(POLL_WHILE_PAUSED_MS));
    expect(unreadReads(calls)).toBe(atDrop + 2);

    // when: the socket is back (the backoff's retry opens a new one)
    const invalidate = vi.spyOn(queryClient, "invalidateQueries");
    await act(() => vi.advanceTimersByTimeAsync(2_000));
    act(() => latest().open());
    await settle();

    // then: the banner goes and everything is read again (inbox, bell, an open task)
    expect(screen.queryByText(BANNER)).not.toBeInTheDocument();
    expect(invalidate).toHaveBeenCalledWith();
  });

  it("counts a first connection that never opens as paused, and catches up when it finally does", async () => {
    const { queryClient } = renderConsole();
    await settle();
    expect(screen.queryByText(BANNER)).not.toBeInTheDocument();

    await act(() => vi.advanceTimersByTimeAsync(PAUSED_AFTER_MS));
    expect(screen.getByText(BANNER)).toBeInTheDocument();

    const invalidate = vi.spyOn(queryClient, "invalidateQueries");
    act(() => latest().open());
    await settle();
    expect(screen.queryByText(BANNER)).not.toBeInTheDocument();
    expect(invalidate).toHaveBeenCalledWith();
  });

  it("refused handshakes (a 403 before the socket opens) show the banner at once", async () => {
    renderConsole();
    await settle();
    act(() => latest().drop());
    await settle();
    expect(screen.getByText(BANNER)).toBeInTheDocument();
  });
});

describe("pollWhilePaused", () => {
  it("polls every 30 s while paused and keeps the live fallback otherwise", () => {
    expect(pollWhilePaused(true)).toBe(30_000);
    expect(pollWhilePaused(true, 60_000)).toBe(30_000);
    expect(pollWhilePaused(false)).toBe(false);
    expect(pollWhilePaused(false, 60_000)).toBe(60_000);
  });
});

describe("notification toasts", () => {
  const assignment = (id: number) => ({
    type: "notification",
    notification: { id, subject: `Task TX${id} assigned`, message: "Printer on fire", notification_type: "task_assignment", related_task_id: id, related_ticket_number: `TX${id}` },
  });

  it("make twenty assignments one toast saying how many, with a link to the inbox", async () => {
    renderConsole();
    await settle();
    act(() => latest().open());
    await settle();
    act(() => {
      for (let id = 1; id <= 20; id++) latest().onmessage?.({ data: JSON.stringify(assignment(id)) });
    });
    const toasts = screen.getAllByTestId("toast");
    expect(toasts.length).toBeLessThanOrEqual(2);
    expect(toasts[0]).toHaveTextContent("20 new tasks assigned");
    expect(screen.getByRole("link", { name: "Open the inbox" })).toHaveAttribute("href", "/inbox");
  });

  it("group each kind on its own and name the rest plainly", () => {
    expect(toastGroup("task_assignment").title(1)).toBe("1 new task assigned");
    expect(toastGroup("sla_breach").title(3)).toBe("3 tasks past the SLA target");
    expect(toastGroup("comment_added").key).toBe(toastGroup("system").key);
    expect(toastGroup("comment_added").title(2)).toBe("2 new notifications");
    expect(toastGroup("task_assignment").key).not.toBe(toastGroup("task_transfer").key);
  });
});
