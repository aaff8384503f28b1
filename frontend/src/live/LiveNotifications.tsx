import { useEffect, useState, type ReactNode, createContext, useContext } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useAuth } from "../auth/AuthProvider";
import { useToast } from "../components/Toasts";
import { LiveSocket, type SocketState } from "./socket";
import type { InAppNotification } from "../api/types";
import { notificationHref } from "../features/notifications/links";

const LiveState = createContext<SocketState>("closed");
export const useLiveState = () => useContext(LiveState);

/** Types that change someone's inbox. */
const TASK_EVENTS = new Set(["task_assignment", "task_transfer", "task_escalation", "task_completed", "sla_warning", "sla_breach"]);

/**
 * The signed-in person's ws/notifications/ socket: each new in-app
 * notification refreshes the bell, the list and (for task events) the inbox,
 * and is shown as a toast. After a reconnect everything is read again.
 */
export function LiveNotifications({ children }: { children: ReactNode }) {
  const { claims } = useAuth();
  const userId = claims?.user_id;
  const queryClient = useQueryClient();
  const toast = useToast();
  const [state, setState] = useState<SocketState>("closed");

  useEffect(() => {
    if (!userId) return;
    const socket = new LiveSocket({
      path: "/ws/notifications/",
      onStateChange: (next, reconnected) => {
        setState(next);
        if (reconnected) void queryClient.invalidateQueries();
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
    return () => socket.close();
  }, [userId, queryClient, toast]);

  return <LiveState.Provider value={state}>{children}</LiveState.Provider>;
}
