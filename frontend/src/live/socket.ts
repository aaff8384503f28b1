import { freshAccessToken, refreshTokens, SERVICE_BASE } from "../api/client";
import { secondsLeft } from "../auth/tokens";

export type SocketState = "connecting" | "open" | "closed";

export interface LiveSocketOptions {
  /** The messaging route, e.g. "/ws/tickets/T-1/" or "/ws/notifications/". */
  path: string;
  onMessage: (message: Record<string, unknown>) => void;
  /** Told on every change; "open" again after a reconnect (read over REST what was missed). */
  onStateChange?: (state: SocketState, reconnected: boolean) => void;
  pingIntervalMs?: number;
}

const MAX_BACKOFF_MS = 15_000;
/** How long before its token's `exp` an open socket is replaced by one with a fresh token, in seconds. */
export const RENEW_BEFORE_EXPIRY_SECONDS = 30;
const UNAUTHORIZED = 4401;
const FORBIDDEN = 4403;

/** The browser-side address of a messaging socket route, through the console's own origin. */
export function socketUrl(path: string, token: string, location: Location = window.location): string {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${location.host}${SERVICE_BASE.messaging}${path}?token=${encodeURIComponent(token)}`;
}

/**
 * A messaging WebSocket that stays connected: it pings, reconnects with
 * backoff, and on 4401 (the token expired or was revoked) refreshes the token
 * first. Messaging closes a socket at its token's `exp`, so
 * `RENEW_BEFORE_EXPIRY_SECONDS` before then the socket refreshes the token
 * (unless another tab already did), closes and reconnects with the new one:
 * the page is told "open" with `reconnected` and reads what it missed, as
 * after any reconnect. A refused refresh leaves it to close at `exp`.
 * 4403 (no access) ends it for good.
 */
export class LiveSocket {
  private socket: WebSocket | null = null;
  private stopped = false;
  private attempts = 0;
  private everOpened = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private renewTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: LiveSocketOptions) {
    void this.connect();
  }

  send(message: Record<string, unknown>): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  close(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.renewTimer);
    clearInterval(this.pingTimer);
    this.socket?.close(1000);
    this.socket = null;
  }

  private async connect(renewed?: string): Promise<void> {
    if (this.stopped) return;
    this.options.onStateChange?.("connecting", false);
    const token = renewed ?? (await freshAccessToken());
    if (this.stopped) return;
    if (!token) return this.options.onStateChange?.("closed", false);
    const socket = new WebSocket(socketUrl(this.options.path, token));
    this.socket = socket;
    socket.onopen = () => {
      const reconnected = this.everOpened;
      this.everOpened = true;
      this.attempts = 0;
      this.options.onStateChange?.("open", reconnected);
      clearInterval(this.pingTimer);
      this.pingTimer = setInterval(() => this.send({ type: "ping", timestamp: Date.now() }), this.options.pingIntervalMs ?? 25_000);
      clearTimeout(this.renewTimer);
      const renewInMs = Math.max(0, secondsLeft(token) - RENEW_BEFORE_EXPIRY_SECONDS) * 1000;
      this.renewTimer = setTimeout(() => void this.renew(socket, token), renewInMs);
    };
    socket.onmessage = (event) => {
      try {
        const message = JSON.parse(String(event.data));
        if (message && typeof message === "object" && message.type !== "pong") this.options.onMessage(message);
      } catch {
        /* not JSON: nothing the console understands */
      }
    };
    socket.onclose = async (event) => {
      if (this.socket !== socket || this.stopped) return;
      clearInterval(this.pingTimer);
      clearTimeout(this.renewTimer);
      this.options.onStateChange?.("closed", false);
      if (event.code === FORBIDDEN) return;
      if (event.code === UNAUTHORIZED && !(await refreshTokens())) return;
      const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.attempts++);
      this.retryTimer = setTimeout(() => void this.connect(), delay);
    };
  }

  /** Replace `socket` (open with `token`) by one with a fresh token before messaging closes it at `exp`. */
  private async renew(socket: WebSocket, token: string): Promise<void> {
    let fresh = await freshAccessToken();
    if (fresh === token) fresh = (await refreshTokens())?.access ?? null;
    if (this.stopped || this.socket !== socket || !fresh) return;
    clearInterval(this.pingTimer);
    this.socket = null; // its close is not a drop: no backoff, no refresh
    socket.close(1000);
    void this.connect(fresh);
  }
}
