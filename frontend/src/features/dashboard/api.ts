import { request } from "../../api/client";
import type { Priority } from "../../api/types";

/** GET /tasks/stats/ (workflow_api): what the dashboard draws. Administrators get every task, members their own. */
export interface TaskStats {
  days: number;
  generated_at: string;
  open_by_status: { pending: number; in_progress: number; on_hold?: number };
  open_by_priority: Record<Priority, number>;
  open_by_step: { workflow: string; step: string; count: number }[];
  breached_open: number;
  breaches_in_period: number;
  unmatched: number;
  per_day: { date: string; received: number; resolved: number }[];
  mean_time_to_resolve_seconds: number | null;
  completed_in_period: number;
  /** Of the tasks completed in the window with a target: how many met it, per workflow (by name). */
  sla_met_by_workflow?: (SlaMet & { workflow: string })[];
  sla_met_by_priority?: Partial<Record<Priority, SlaMet>>;
}

/** `share` is met / completed, 0..1; null when nothing completed. */
export interface SlaMet {
  completed: number;
  met: number;
  share: number | null;
}

/** "83%" for 0.8333; "—" when there is no share (nothing completed). */
export function formatShare(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return "—";
  return `${Math.round(share * 100)}%`;
}

export const PERIODS = [7, 30, 90] as const;

export const getTaskStats = (days: number) => request<TaskStats>("workflow", "/tasks/stats/", { query: { days } });

/** "5h 12m", "2d 3h", "12m", "40s"; "—" when there is nothing to average. */
export function formatMeanTime(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return "—";
  const total = Math.round(seconds);
  if (total < 60) return `${total}s`;
  const minutes = Math.floor(total / 60) % 60;
  const hours = Math.floor(total / 3600) % 24;
  const days = Math.floor(total / 86400);
  if (days > 0) return hours ? `${days}d ${hours}h` : `${days}d`;
  if (hours > 0) return minutes ? `${hours}h ${minutes}m` : `${hours}h`;
  return `${minutes}m`;
}

/** "2026-11-20" → a short local date ("Nov 20"), without the time-zone shift of Date.parse. */
export function formatDay(date: string): string {
  const [year, month, day] = date.split("-").map(Number);
  if (!year || !month || !day) return date;
  return new Date(year, month - 1, day).toLocaleDateString(undefined, { month: "short", day: "numeric" });
}
