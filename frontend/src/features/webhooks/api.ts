import { request, type Page, type Query } from "../../api/client";

/** The events a webhook can subscribe to (workflow_api, docs/api.md "Webhooks"). */
export const EVENT_TYPES = ["task.created", "task.assigned", "task.transitioned", "task.completed", "task.sla_breached", "comment.created"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface Subscription {
  id: number;
  url: string;
  events: EventType[];
  description: string;
  is_active: boolean;
  secret_hint: string;
  owner_user_id: number | null;
  owner_email: string;
  failing_since: string | null;
  disabled_at: string | null;
  disabled_reason: string;
  created_at: string;
  updated_at: string;
}

/** The create answer: the subscription and its secret, shown this once. */
export type CreatedSubscription = Subscription & { secret: string };

export interface SubscriptionDraft {
  url: string;
  events: EventType[];
  description: string;
  is_active: boolean;
  secret?: string;
}

export type DeliveryStatus = "pending" | "retrying" | "succeeded" | "failed";

export interface Delivery {
  id: number;
  subscription: number;
  subscription_url: string;
  event_id: string;
  event_type: EventType;
  body: unknown;
  status: DeliveryStatus;
  attempts: number;
  last_response_code: number | null;
  last_error: string;
  next_attempt_at: string | null;
  first_attempt_at: string | null;
  last_attempt_at: string | null;
  delivered_at: string | null;
  redelivery_of: number | null;
  created_at: string;
}

export const webhookKeys = {
  all: ["webhooks"] as const,
  subscriptions: () => [...webhookKeys.all, "subscriptions"] as const,
  deliveries: (query: Query) => [...webhookKeys.all, "deliveries", query] as const,
};

export const listSubscriptions = () => request<Page<Subscription>>("workflow", "/webhooks/", { query: { page_size: 100 } });
export const createSubscription = (draft: SubscriptionDraft) =>
  request<CreatedSubscription>("workflow", "/webhooks/", { method: "POST", body: draft });
export const saveSubscription = (id: number, draft: Partial<SubscriptionDraft>) =>
  request<Subscription>("workflow", `/webhooks/${id}/`, { method: "PATCH", body: draft });
export const deleteSubscription = (id: number) => request<null>("workflow", `/webhooks/${id}/`, { method: "DELETE" });
export const listDeliveries = (query: Query = {}) => request<Page<Delivery>>("workflow", "/webhook-deliveries/", { query });
export const redeliver = (id: number) => request<Delivery>("workflow", `/webhook-deliveries/${id}/redeliver/`, { method: "POST" });
