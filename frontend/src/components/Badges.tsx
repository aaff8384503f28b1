import type { Priority, TaskStatus } from "../api/types";

const STATUS_LABEL: Record<TaskStatus, string> = {
  pending: "Pending",
  in_progress: "In progress",
  on_hold: "On hold",
  completed: "Completed",
  cancelled: "Cancelled",
  unmatched: "Unmatched",
};

export function StatusBadge({ status, resolution }: { status: TaskStatus; resolution?: string }) {
  const label = status === "completed" && resolution ? resolution : STATUS_LABEL[status] ?? status;
  return <span className={`badge badge-status-${status}${resolution === "Rejected" ? " badge-rejected" : ""}`}>{label}</span>;
}

export function PriorityBadge({ priority }: { priority: Priority | string }) {
  return <span className={`badge badge-priority-${String(priority).toLowerCase()}`}>{priority}</span>;
}
