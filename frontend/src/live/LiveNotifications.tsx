import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useAuth } from "../auth/AuthProvider";
import { useToast } from "../components/Toasts";
import { LiveSocket, type SocketState } from "./socket";
import type { InAppNotification } from "../api/types";
import { notificationHref } from "../features/notifications/links";
import { LiveStatusContext, PAUSED_AFTER_MS, useLiveStatus } from "./liveStatus";

/** The notifications socket's state ("connecting", "open", "closed"). */
export const useLiveState = () => useLiveStatus().state;

/** Types that change someone's inbox. */
const TASK_EVENTS = new Set(["task_assignment", "task_transfer", "task_escalation", "task_completed", "sla_warning", "sla_breach"]);

/**
 * The signed-in person's ws/notifications/ socket: each new in-app
 * notification refreshes the bell, the list and (for task events) the inbox,
 * and is shown as a toast. While it is down (closed since it was last open, or
 * not open PAUSED_AFTER_MS after the first try) the status says `paused`: the
 * banner shows and the inbox and the bell poll (liveStatus.ts). When it opens
 * after being down, or reconnects, everything is read again (inbox, bell, the
 * open task), so what arrived meanwhile shows at once.
 */
export function LiveNotifications({ children }: { children: ReactNode }) {
  const { claims } = useAuth();
  const userId = claims?.user_id;
  const queryClient = useQueryClient();
  const toast = useToast();
  const [state, setState] = useState<SocketState>("closed");
  const [paused, setPaused] = useState(false);
  const down = useRef(false);

  useEffect(() => {
    if (!userId) return;
    down.current = false;
    setPaused(false);
    const markDown = () => {
      down.current = true;
      setPaused(true);
    };
    const slowStart = setTimeout(markDown, PAUSED_AFTER_MS);
    const socket = new LiveSocket({
      path: "/ws/notifications/",
      onStateChange: (next, reconnected) => {
        setState(next);
        if (next === "closed") {
          clearTimeout(slowStart);
          markDown();
        } else if (next === "open") {
          clearTimeout(slowStart);
          const missedSome = reconnected || down.current;
          down.current = false;
          setPaused(false);
          if (missedSome) void queryClient.invalidateQueries();
        }
      },
      onMessage: (message) => {
        if (message.type !== "notification") return;
        const notification = message.notification as InAppNotification;
        void queryClient.invalidateQueries({ queryKey: ["notifications"] });
        void queryClient.invalidateQueries({ queryKey: ["unread"] });
        if (TASK_EVENTS.has(notification.notification_type)) {
          void queryClient.invalidateQueries({ queryKey: ["tasks"] });
          if (notification.related_task_id) void queryClient.invalidateQueries({ queryKey: ["task", String(notification.related_task_id)] });
        }
        toast({ title: notification.subject || "New notification", body: notification.message, href: notificationHref(notification) });
      },
    });
    return () => {
      clearTimeout(slowStart);
      socket.close();
    };
  }, [userId, queryClient, toast]);

  const status = useMemo(() => ({ state, paused: Boolean(userId) && paused }), [state, paused, userId]);
  return <LiveStatusContext.Provider value={status}>{children}</LiveStatusContext.Provider>;
}
