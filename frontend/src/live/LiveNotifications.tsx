import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useAuth } from "../auth/AuthProvider";
import { useToast, type ToastGroup } from "../components/Toasts";
import { LiveSocket, type SocketState } from "./socket";
import type { InAppNotification } from "../api/types";
import { notificationHref } from "../features/notifications/links";
import { LiveStatusContext, PAUSED_AFTER_MS, useLiveStatus } from "./liveStatus";

/** The notifications socket's state ("connecting", "open", "closed"). */
export const useLiveState = () => useLiveStatus().state;

/** Types that change someone's inbox. */
const TASK_EVENTS = new Set(["task_assignment", "task_transfer", "task_escalation", "task_completed", "sla_warning", "sla_breach"]);

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/**
 * How a burst of notifications of one type reads as one toast ("12 new tasks assigned", linking to the inbox),
 * so twenty assignments in a row make one toast rather than twenty over the table.
 */
const GROUPS: Record<string, Omit<ToastGroup, "key">> = {
  task_assignment: { title: (count) => `${plural(count, "new task", "new tasks")} assigned`, href: "/inbox", linkLabel: "Open the inbox" },
  task_transfer: { title: (count) => `${plural(count, "task", "tasks")} transferred to you`, href: "/inbox", linkLabel: "Open the inbox" },
  task_escalation: { title: (count) => `${plural(count, "task", "tasks")} escalated to you`, href: "/inbox", linkLabel: "Open the inbox" },
  sla_warning: { title: (count) => `${plural(count, "task is", "tasks are")} close to the SLA target`, href: "/notifications", linkLabel: "See the notifications" },
  sla_breach: { title: (count) => `${plural(count, "task", "tasks")} past the SLA target`, href: "/notifications", linkLabel: "See the notifications" },
};
const OTHER: Omit<ToastGroup, "key"> = { title: (count) => plural(count, "new notification", "new notifications"), href: "/notifications", linkLabel: "See the notifications" };

/** The toast group a notification of `type` joins (see GROUPS). */
export function toastGroup(type: string): ToastGroup {
  return { key: `notification:${type in GROUPS ? type : "other"}`, ...(GROUPS[type] ?? OTHER) };
}

/**
 * The signed-in person's ws/notifications/ socket: each new in-app
 * notification refreshes the bell, the list and (for task events) the inbox,
 * and is shown as a toast (a burst of one type as one toast with a count: toastGroup). While it is down (closed since it was last open, or
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
        toast({
          title: notification.subject || "New notification",
          body: notification.message,
          href: notificationHref(notification),
          group: toastGroup(notification.notification_type),
        });
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
