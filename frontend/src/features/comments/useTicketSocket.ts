import { useCallback, useEffect, useRef, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import type { Comment } from "../../api/types";
import { LiveSocket, type SocketState } from "../../live/socket";
import { forgetTicket, parseTaskChange, parseViewers, publishTaskChange, publishViewers } from "../../live/ticketEvents";
import { mergeComment, type CommentAction } from "./threads";

/** Someone typing leaves the indicator this long after their last word. */
export const TYPING_EXPIRY_MS = 5000;
/** A typing_start at most this often while the person keeps typing. */
export const TYPING_THROTTLE_MS = 2000;
/** typing_stop after this long without a keystroke. */
export const TYPING_IDLE_MS = 3000;
/** The task page's socket pings this often: messaging leaves a socket silent for 15 s out of the ticket's presence. */
export const PRESENCE_HEARTBEAT_MS = 5000;

export interface Typist {
  userId: number;
  name: string;
}

export const commentsKey = (ticketId: string) => ["comments", ticketId] as const;

/** Folds a changed comment into the cached threads; reads the list again when the change names a thread not held. */
export function useMergeComment(ticketId: string) {
  const queryClient = useQueryClient();
  return useCallback(
    (comment: Comment, action?: CommentAction) => {
      let missing = false;
      queryClient.setQueryData<Comment[]>(commentsKey(ticketId), (threads) => {
        if (!threads) return threads;
        const result = mergeComment(threads, comment, action);
        missing = result.missing;
        return result.threads;
      });
      if (missing) void queryClient.invalidateQueries({ queryKey: commentsKey(ticketId) });
    },
    [queryClient, ticketId],
  );
}

/**
 * The ticket's ws/tickets/ socket: comment pushes go into the cached
 * threads, a reconnect reads the list again (delivery is at most once),
 * typing indicators come and go, and the person's own typing is announced.
 * Who else is on the ticket (`presence`) and someone else moving its task
 * (`task_changed`: the task is read again) go to live/ticketEvents for the
 * task page.
 */
export function useTicketSocket(ticketId: string, ownUserId: number | undefined) {
  const queryClient = useQueryClient();
  const merge = useMergeComment(ticketId);
  const socket = useRef<LiveSocket | null>(null);
  const [state, setState] = useState<SocketState>("connecting");
  const [typists, setTypists] = useState<Record<number, Typist & { until: number }>>({});
  const lastStart = useRef(0);
  const idleTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const ownId = useRef(ownUserId);
  ownId.current = ownUserId;

  useEffect(() => {
    if (!ticketId) return;
    const live = new LiveSocket({
      path: `/ws/tickets/${encodeURIComponent(ticketId)}/`,
      pingIntervalMs: PRESENCE_HEARTBEAT_MS,
      onStateChange: (next, reconnected) => {
        setState(next);
        if (next === "open") lastStart.current = 0;
        else forgetTicket(ticketId); // the server says who is there again on the next connect
        if (reconnected) void queryClient.invalidateQueries({ queryKey: commentsKey(ticketId) });
      },
      onMessage: (message) => {
        if (message.type === "comment_update" && message.comment && typeof message.comment === "object") {
          const comment = message.comment as Comment;
          if (comment.ticket_id && comment.ticket_id !== ticketId) return;
          merge(comment, message.action as CommentAction);
          // Whoever wrote it has stopped typing.
          setTypists((all) => {
            if (!(comment.user_id in all)) return all;
            const next = { ...all };
            delete next[comment.user_id];
            return next;
          });
        } else if (message.type === "presence") {
          if (message.ticket_id === undefined || message.ticket_id === ticketId) publishViewers(ticketId, parseViewers(message.viewers));
        } else if (message.type === "task_changed") {
          const change = parseTaskChange(message);
          if (!change || change.actor.userId === ownId.current) return; // one's own move: its dialog already knows
          publishTaskChange(ticketId, change);
          void queryClient.invalidateQueries({ queryKey: ["task", String(change.taskId)] });
        } else if (message.type === "typing_indicator") {
          const userId = Number(message.user_id);
          if (!Number.isFinite(userId) || userId === ownId.current) return;
          setTypists((all) => {
            const next = { ...all };
            if (message.is_typing) next[userId] = { userId, name: String(message.user_name || "Someone"), until: Date.now() + TYPING_EXPIRY_MS };
            else delete next[userId];
            return next;
          });
        }
      },
    });
    socket.current = live;
    return () => {
      clearTimeout(idleTimer.current);
      live.close();
      socket.current = null;
      setTypists({});
      forgetTicket(ticketId);
    };
  }, [ticketId, queryClient, merge]);

  // Indicators nobody renewed fade out.
  const typingCount = Object.keys(typists).length;
  useEffect(() => {
    if (!typingCount) return;
    const timer = setInterval(() => {
      const now = Date.now();
      setTypists((all) => {
        const alive = Object.values(all).filter((typist) => typist.until > now);
        return alive.length === Object.keys(all).length ? all : Object.fromEntries(alive.map((typist) => [typist.userId, typist]));
      });
    }, 1000);
    return () => clearInterval(timer);
  }, [typingCount]);

  const stopTyping = useCallback(() => {
    clearTimeout(idleTimer.current);
    idleTimer.current = undefined;
    if (lastStart.current) socket.current?.send({ type: "typing_stop" });
    lastStart.current = 0;
  }, []);

  const notifyTyping = useCallback(() => {
    const now = Date.now();
    if (now - lastStart.current >= TYPING_THROTTLE_MS) {
      if (socket.current?.send({ type: "typing_start" })) lastStart.current = now;
    }
    clearTimeout(idleTimer.current);
    idleTimer.current = setTimeout(stopTyping, TYPING_IDLE_MS);
  }, [stopTyping]);

  const typing = Object.values(typists).map(({ userId, name }) => ({ userId, name }));
  return { state, typing, notifyTyping, stopTyping, merge };
}
