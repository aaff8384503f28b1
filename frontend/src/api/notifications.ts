import { request, type Page, type Query } from "./client";
import type { InAppNotification } from "./types";

export type NotificationPage = Page<InAppNotification> & { unread: number };

export const listNotifications = (query: Query = {}) =>
  request<NotificationPage>("notification", "/api/v2/notifications/inapp/", { query });
export const unreadCount = () => request<{ unread: number }>("notification", "/api/v2/notifications/inapp/unread-count/");
export const markRead = (id: number, is_read = true) =>
  request<InAppNotification>("notification", `/api/v2/notifications/inapp/${id}/`, { method: "PATCH", body: { is_read } });
export const markAllRead = () => request<{ marked: number }>("notification", "/api/v2/notifications/inapp/mark-all-read/", { method: "POST" });
