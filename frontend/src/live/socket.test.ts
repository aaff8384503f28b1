import { afterEach, describe, expect, it, vi } from "vitest";
import { LiveSocket, RENEW_BEFORE_EXPIRY_SECONDS, socketUrl } from "./socket";
import { signInAs } from "../test/tokens";
import { readTokens } from "../auth/tokens";
import { mockFetch } from "../test/fetch";
import { fakeToken } from "../test/tokens";

class FakeSocket {
  static instances: FakeSocket[] = [];
  static OPEN = 1;
  readyState = 0;
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }
  send(data: string) {
    this.sent.push(data);
  }
  closedWith: number | undefined;
  close(code?: number) {
    this.readyState = 3;
    this.closedWith = code;
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  FakeSocket.instances = [];
  vi.useRealTimers();
});

describe("LiveSocket", () => {
  it("connects through the console's origin with the token", () => {
    expect(socketUrl("/ws/notifications/", "a b", { protocol: "https:", host: "tts.example" } as Location)).toBe(
      "wss://tts.example/svc/messaging/ws/notifications/?token=a%20b",
    );
  });

  it("passes messages on, and reconnects after a drop, telling the page it reconnected", async () => {
    vi.stubGlobal("WebSocket", FakeSocket);
    signInAs();
    const messages: unknown[] = [];
    const states: [string, boolean][] = [];
    const socket = new LiveSocket({ path: "/ws/tickets/T-1/", onMessage: (message) => messages.push(message), onStateChange: (state, again) => states.push([state, again]) });
    await flush();
    const first = FakeSocket.instances[0];
    first.open();
    first.onmessage?.({ data: JSON.stringify({ type: "comment_update", action: "create" }) });
    first.onmessage?.({ data: JSON.stringify({ type: "pong" }) });
    expect(messages).toEqual([{ type: "comment_update", action: "create" }]);
    vi.useFakeTimers();
    first.onclose?.({ code: 1006 });
    await vi.advanceTimersByTimeAsync(600);
    expect(FakeSocket.instances).toHaveLength(2);
    FakeSocket.instances[1].open();
    expect(states.at(-1)).toEqual(["open", true]);
    socket.close();
  });

  it("refreshes the token after a 4401 and reconnects with the new one", async () => {
    vi.stubGlobal("WebSocket", FakeSocket);
    signInAs();
    const fresh = { access: fakeToken({}, 900), refresh: "r2" };
    mockFetch({ "POST /svc/auth/token/refresh/": fresh });
    const socket = new LiveSocket({ path: "/ws/notifications/", onMessage: () => undefined });
    await flush();
    FakeSocket.instances[0].open();
    vi.useFakeTimers();
    FakeSocket.instances[0].onclose?.({ code: 4401 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(readTokens()).toEqual(fresh);
    expect(FakeSocket.instances[1].url).toContain(encodeURIComponent(fresh.access));
    socket.close();
  });

  it("gives up on 4403", async () => {
    vi.stubGlobal("WebSocket", FakeSocket);
    signInAs();
    const socket = new LiveSocket({ path: "/ws/tickets/T-9/", onMessage: () => undefined });
    await flush();
    vi.useFakeTimers();
    FakeSocket.instances[0].onclose?.({ code: 4403 });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(FakeSocket.instances).toHaveLength(1);
    socket.close();
  });

  it("reconnects with a refreshed token before its token expires, and tells the page to read what it missed", async () => {
    vi.useFakeTimers();
    vi.stubGlobal("WebSocket", FakeSocket);
    signInAs({}, 300);
    const fresh = { access: fakeToken({}, 600), refresh: "r2" };
    const refresh = vi.fn(() => fresh);
    mockFetch({ "POST /svc/auth/token/refresh/": refresh });
    const states: [string, boolean][] = [];
    const socket = new LiveSocket({ path: "/ws/notifications/", onMessage: () => undefined, onStateChange: (state, again) => states.push([state, again]) });
    await vi.advanceTimersByTimeAsync(0);
    const first = FakeSocket.instances[0];
    first.open();

    await vi.advanceTimersByTimeAsync((300 - RENEW_BEFORE_EXPIRY_SECONDS - 2) * 1000);
    expect(FakeSocket.instances).toHaveLength(1);
    expect(refresh).not.toHaveBeenCalled();

    await vi.advanceTimersByTimeAsync(3_000);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(first.closedWith).toBe(1000);
    expect(FakeSocket.instances).toHaveLength(2);
    expect(FakeSocket.instances[1].url).toContain(encodeURIComponent(fresh.access));
    first.onclose?.({ code: 1000 }); // the old socket's close is no drop: no second reconnect
    FakeSocket.instances[1].open();
    expect(states.at(-1)).toEqual(["open", true]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.instances).toHaveLength(2);

    await vi.advanceTimersByTimeAsync((600 - 60 - RENEW_BEFORE_EXPIRY_SECONDS) * 1000); // the new token is renewed in turn
    expect(FakeSocket.instances).toHaveLength(3);
    socket.close();
  });
});
