/**
 * The ticket's status as the help desk shows it now. The ticket card shows the ticket as HDTS sent it, whose
 * `status` is the one at intake ("New"); workflow_api then sends the help desk the task's progress
 * (`send_ticket_status`: "In Progress" on assignment, "On Hold"/"In Progress" on hold and resume, "Resolved" or
 * "Rejected" at the end; docs/api.md), so that last status is the one to show.
 */
import type { TaskDetail } from "../../api/types";

export function helpdeskStatus(task: Pick<TaskDetail, "status" | "resolution" | "ticket">): string {
  switch (task.status) {
    case "completed":
      return task.resolution || "Resolved";
    case "on_hold":
      return "On Hold";
    case "in_progress":
      return "In Progress";
    default: // pending, unmatched, cancelled: the help desk was sent nothing new
      return typeof task.ticket?.status === "string" && task.ticket.status ? task.ticket.status : "New";
  }
}

/** Whether the task has been escalated (by a person or an SLA breach) at any step: an assignment ended that way, or the one open now began that way. */
export function wasEscalated(task: Pick<TaskDetail, "assignments">): boolean {
  return (task.assignments ?? []).some(
    (assignment) => assignment.status === "escalated" || assignment.reason === "escalation" || assignment.reason === "sla_breach",
  );
}
