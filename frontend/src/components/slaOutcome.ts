/**
 * How a closed task did against its SLA, in words: "met, 3 h early", "missed by 2 h".
 *
 * workflow_api gives a completed task `sla_met` (bool) and `sla_margin_seconds`
 * (open-time seconds between completion and the target: positive = early,
 * negative = late) and `resolution_open_seconds`; all are null on open tasks.
 */
import type { TaskSummary } from "../api/types";

/**
 * A span of time as a person says it: "3 h", "2 h 15 min", "45 min", "2 d 4 h",
 * "under a minute" (1..59 s), "no time" (0). The sign is ignored; minutes are
 * rounded to the nearest, and days drop the minutes.
 */
export function formatSpan(seconds: number): string {
  const absolute = Math.abs(Math.round(seconds));
  if (!Number.isFinite(absolute)) return "—";
  if (absolute === 0) return "no time";
  if (absolute < 60) return "under a minute";
  const totalMinutes = Math.round(absolute / 60);
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  if (days > 0) return hours ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return minutes ? `${hours} h ${minutes} min` : `${hours} h`;
  return `${minutes} min`;
}

export interface SlaOutcome {
  met: boolean;
  /** "met, 3 h early" / "met, on time" / "missed by 2 h". */
  short: string;
  /** "SLA met, 3 h early" / "SLA met, right on time" / "SLA missed by 2 h". */
  long: string;
}

/** The outcome of a completed task, or null when it has none (open, cancelled, or no target). */
export function slaOutcome(task: Pick<TaskSummary, "sla_met" | "sla_margin_seconds">): SlaOutcome | null {
  if (task.sla_met === null || task.sla_met === undefined) return null;
  const margin = task.sla_margin_seconds;
  if (margin === null || margin === undefined || !Number.isFinite(margin)) {
    return task.sla_met ? { met: true, short: "met", long: "SLA met" } : { met: false, short: "missed", long: "SLA missed" };
  }
  if (task.sla_met) {
    if (Math.round(margin) <= 0) return { met: true, short: "met, on time", long: "SLA met, right on time" };
    const span = formatSpan(margin);
    return { met: true, short: `met, ${span} early`, long: `SLA met, ${span} early` };
  }
  const span = Math.round(margin) === 0 ? "under a minute" : formatSpan(margin);
  return { met: false, short: `missed by ${span}`, long: `SLA missed by ${span}` };
}

/**
 * A closed task's outcome: the server's (`slaOutcome`), else worked out from `completed_at` against
 * `target_resolution` in clock time (a task completed before workflow_api recorded outcomes); null when the task is
 * not completed or has no target.
 */
export function closedSlaOutcome(
  task: Pick<TaskSummary, "status" | "sla_met" | "sla_margin_seconds" | "completed_at" | "target_resolution">,
): SlaOutcome | null {
  const recorded = slaOutcome(task);
  if (recorded || task.status !== "completed" || !task.completed_at || !task.target_resolution) return recorded;
  const margin = (Date.parse(task.target_resolution) - Date.parse(task.completed_at)) / 1000;
  if (!Number.isFinite(margin)) return null;
  return slaOutcome({ sla_met: margin >= 0, sla_margin_seconds: margin });
}

/** Why a closed task has no SLA outcome, in words: "No SLA target", "Cancelled: no SLA outcome". */
export function noOutcomeText(status: TaskSummary["status"]): string {
  if (status === "cancelled") return "Cancelled: no SLA outcome";
  if (status === "unmatched") return "No workflow, so no SLA";
  return "No SLA target";
}

/** "Resolved in 5 h 20 min of business hours", or null when not known. */
export function resolutionText(seconds: number | null | undefined): string | null {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return null;
  return `Resolved in ${formatSpan(Math.max(seconds, 1))} of business hours`;
}
