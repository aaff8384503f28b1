import type { InAppNotification } from "../../api/types";

/** Where clicking a notification goes: its task, else its ticket's task search, else the list. */
export function notificationHref(notification: Pick<InAppNotification, "related_task_id" | "related_ticket_number">): string {
  if (notification.related_task_id) return `/tasks/${notification.related_task_id}`;
  if (notification.related_ticket_number) return `/tickets/${encodeURIComponent(notification.related_ticket_number)}`;
  return "/notifications";
}
