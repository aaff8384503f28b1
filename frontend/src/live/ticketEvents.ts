import { useCallback, useState, useSyncExternalStore } from "react";

/**
 * What a ticket's ws/tickets/ socket says about the people and the task,
 * kept per ticket for whoever shows it: the socket hook publishes
 * (features/comments/useTicketSocket.ts), the task page reads (Presence,
 * the transition dialog's notice). One socket per ticket, many readers.
 */

export type ViewerState = "viewing" | "typing";

export interface Viewer {
  userId: number;
  name: string;
  state: ViewerState;
}

/** Someone moved the task (the server's `task_changed`), as this console received it. */
export interface TaskChange {
  taskId: number;
  ticketNumber: string;
  /** The audit action: "task.transitioned", "task.transferred", "task.escalated", "task.held", ... */
  action: string;
  actor: { userId: number | null; name: string };
  status: string | null;
  step: string | null;
  transition: string | null;
  /** When this console received it (ms since the epoch). */
  receivedAt: number;
}

interface TicketSnapshot {
  viewers: Viewer[];
  change: TaskChange | null;
}

const EMPTY: TicketSnapshot = { viewers: [], change: null };
const snapshots = new Map<string, TicketSnapshot>();
const listeners = new Map<string, Set<() => void>>();

function update(ticketId: string, patch: Partial<TicketSnapshot>) {
  snapshots.set(ticketId, { ...(snapshots.get(ticketId) ?? EMPTY), ...patch });
  listeners.get(ticketId)?.forEach((listener) => listener());
}

/** Everyone the server lists on the ticket now (the reader included; readers leave themselves out). */
export function publishViewers(ticketId: string, viewers: Viewer[]) {
  update(ticketId, { viewers });
}

export function publishTaskChange(ticketId: string, change: TaskChange) {
  update(ticketId, { change });
}

/** The socket closed: nobody is known to be there any more. */
export function forgetTicket(ticketId: string) {
  if (snapshots.has(ticketId)) update(ticketId, { viewers: [] });
}

/** The server's `presence` message as viewers; anything malformed is left out. */
export function parseViewers(raw: unknown): Viewer[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item) => {
    if (!item || typeof item !== "object") return [];
    const { user_id, name, state } = item as Record<string, unknown>;
    const userId = Number(user_id);
    if (!Number.isFinite(userId)) return [];
    return [{ userId, name: typeof name === "string" && name ? name : "Someone", state: state === "typing" ? "typing" : "viewing" } as Viewer];
  });
}

/** The server's `task_changed` message, or null when it is not one. */
export function parseTaskChange(message: Record<string, unknown>, receivedAt = Date.now()): TaskChange | null {
  const taskId = Number(message.task_id);
  if (!Number.isFinite(taskId) || typeof message.action !== "string") return null;
  const actor = (message.actor && typeof message.actor === "object" ? message.actor : {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === "string" && value ? value : null);
  return {
    taskId,
    ticketNumber: String(message.ticket_number ?? ""),
    action: message.action,
    actor: { userId: actor.user_id === null || actor.user_id === undefined ? null : Number(actor.user_id), name: text(actor.name) ?? "" },
    status: text(message.status),
    step: text(message.step),
    transition: text(message.transition),
    receivedAt,
  };
}

function subscribeTo(ticketId: string) {
  return (listener: () => void) => {
    let set = listeners.get(ticketId);
    if (!set) listeners.set(ticketId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  };
}

function useSnapshot(ticketId: string): TicketSnapshot {
  const subscribe = useCallback((listener: () => void) => subscribeTo(ticketId)(listener), [ticketId]);
  return useSyncExternalStore(subscribe, () => snapshots.get(ticketId) ?? EMPTY);
}

/** The people on the ticket besides `ownUserId`, live. */
export function useTicketViewers(ticketId: string, ownUserId: number | undefined): Viewer[] {
  const { viewers } = useSnapshot(ticketId);
  return viewers.filter((viewer) => viewer.userId !== ownUserId);
}

/** The last change someone made to the ticket's task since the caller mounted (a dialog opening), or null. */
export function useTaskChangeSinceMount(ticketId: string): TaskChange | null {
  const [since] = useState(() => Date.now());
  const { change } = useSnapshot(ticketId);
  return change && change.receivedAt >= since ? change : null;
}
