import { createContext, useContext } from "react";
import type { SocketState } from "./socket";

/** How often the inbox and the bell are read again while the notifications socket is down, in milliseconds. */
export const POLL_WHILE_PAUSED_MS = 30_000;
/** A first connection still not open after this long counts as down (a handshake that hangs), in milliseconds. */
export const PAUSED_AFTER_MS = 8_000;

/**
 * What the console knows about its notifications socket: `state` as the socket reports it, and `paused`
 * when live updates are not arriving (the socket closed since it was last open, or never opened in
 * PAUSED_AFTER_MS). While paused the console says so and polls.
 */
export interface LiveStatus {
  state: SocketState;
  paused: boolean;
}

export const LiveStatusContext = createContext<LiveStatus>({ state: "closed", paused: false });

export const useLiveStatus = () => useContext(LiveStatusContext);

/**
 * React Query's `refetchInterval` for a list the socket keeps fresh: every POLL_WHILE_PAUSED_MS while paused,
 * else `whileLive` (false: no polling, or a slow fallback in milliseconds).
 */
export function pollWhilePaused(paused: boolean, whileLive: number | false = false): number | false {
  return paused ? POLL_WHILE_PAUSED_MS : whileLive;
}

/** The refetch interval of a socket-fed list in this console (see pollWhilePaused). */
export function useLivePolling(whileLive: number | false = false): number | false {
  return pollWhilePaused(useLiveStatus().paused, whileLive);
}
