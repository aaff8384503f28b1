import { freshAccessToken, refreshTokens, SERVICE_BASE } from "../api/client";

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
const UNAUTHORIZED = 4401;
const FORBIDDEN = 4403;

/** The browser-side address of a messaging socket route, through the console's own origin. */
export function socketUrl(path: string, token: string, location: Location = window.location): string {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${location.host}${SERVICE_BASE.messaging}${path}?token=${encodeURIComponent(token)}`;
}

/**
 * A messaging WebSocket that stays connected: it pings, reconnects with
 * backoff, and on 4401 (the token expired) refreshes the token first.
 * 4403 (no access) ends it for good.
 */
export class LiveSocket {
  private socket: WebSocket | null = null;
  private stopped = false;
  private attempts = 0;
  private everOpened = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;

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
    clearInterval(this.pingTimer);
    this.socket?.close(1000);
    this.socket = null;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    this.options.onStateChange?.("connecting", false);
    const token = await freshAccessToken();
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
      clearInterval(this.pingTimer);
      if (this.socket !== socket || this.stopped) return;
      this.options.onStateChange?.("closed", false);
      if (event.code === FORBIDDEN) return;
      if (event.code === UNAUTHORIZED && !(await refreshTokens())) return;
      const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.attempts++);
      this.retryTimer = setTimeout(() => void this.connect(), delay);
    };
  }
}
