import type { Assignment, AuditEvent } from "../../api/types";
import { formatDateTime, formatRelative } from "../../components/format";

const ASSIGNMENT_STATUS: Record<Assignment["status"], string> = {
  active: "Active",
  completed: "Completed",
  escalated: "Escalated",
  transferred: "Transferred",
  cancelled: "Cancelled",
};
const REASON: Record<Assignment["reason"], string> = {
  workflow: "by the workflow",
  escalation: "on escalation",
  transfer: "on transfer",
  sla_breach: "after an SLA breach",
};

/** Who held the task, at which step, and how it ended; oldest first. */
export function AssignmentList({ assignments }: { assignments: Assignment[] }) {
  if (!assignments.length) return <p className="muted">Nobody has held this task yet.</p>;
  return (
    <ol className="timeline" aria-label="Assignments">
      {assignments.map((assignment) => (
        <li key={assignment.id} className={`timeline-item assignment-${assignment.status}`} data-testid="assignment">
          <div className="timeline-head">
            <strong>{assignment.user_full_name || assignment.user_email}</strong>
            <span className={`badge assignment-badge-${assignment.status}`}>{ASSIGNMENT_STATUS[assignment.status] ?? assignment.status}</span>
          </div>
          <div className="muted">
            {assignment.step_name}
            {assignment.role_name ? ` · ${assignment.role_name}` : ""} · {REASON[assignment.reason] ?? assignment.reason}
          </div>
          <div className="timeline-dates">
            <span title={formatDateTime(assignment.assigned_at)}>From {formatDateTime(assignment.assigned_at)}</span>
            {assignment.finished_at && <span> to {formatDateTime(assignment.finished_at)}</span>}
            {assignment.breached_at && <span className="badge assignment-breached">SLA breached</span>}
          </div>
          {assignment.notes && <p className="timeline-notes">“{assignment.notes}”</p>}
        </li>
      ))}
    </ol>
  );
}

const ACTION_LABEL: Record<string, string> = {
  "task.created": "Task created",
  "task.assigned": "Assigned",
  "task.waiting": "Waiting for a role member",
  "task.transitioned": "Moved",
  "task.escalated": "Escalated",
  "task.transferred": "Transferred",
  "task.reassigned": "Reassigned",
  "sla.breached": "SLA breached",
  "task.held": "Put on hold",
  "task.resumed": "Resumed",
  "task.approval_recorded": "Vote recorded",
};

/** "Rejected: 1 approved, 1 rejected, 2 approvals needed. “Too expensive”" for workflow_api's `task.approval_recorded`. */
export function describeVote(after: unknown): string | null {
  if (!isRecord(after) || (after.decision !== "approve" && after.decision !== "reject")) return null;
  const tally = `${Number(after.approved ?? 0)} approved, ${Number(after.rejected ?? 0)} rejected, ${Number(after.required ?? 0)} approvals needed.`;
  const notes = typeof after.notes === "string" && after.notes ? ` “${after.notes}”` : "";
  return `${after.decision === "approve" ? "Approved" : "Rejected"}: ${tally}${notes}`;
}

const RELEASE_REASON: Record<string, (person: string, role: string) => string> = {
  assignee_deactivated: (person) => `${person} was deactivated or lost every TTS role`,
  role_revoked: (person, role) => `${person} no longer holds the role ${role}`,
};

/** "Reassigned from X to Y: X was deactivated …" for workflow_api's `task.reassigned` (the work a person leaves). */
export function describeReassignment(before: unknown, after: unknown): string | null {
  if (!isRecord(after)) return null;
  const from = String((isRecord(before) && before.assignee) || after.from_user_email || "the assignee");
  const role = String(after.role || "");
  const why = RELEASE_REASON[String(after.reason)]?.(from, role) ?? String(after.reason || "no reason recorded");
  const to = after.assignee || after.to_user_email;
  if (!to) return `Back to pending from ${from}: ${why}, and nobody else holds the role ${role}.`;
  return `Reassigned from ${from} to ${String(to)}: ${why}.`;
}

function short(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "object") {
    const text = JSON.stringify(value);
    return text.length > 60 ? `${text.slice(0, 57)}…` : text;
  }
  const text = typeof value === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) ? formatDateTime(value) : String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

const isRecord = (value: unknown): value is Record<string, unknown> => Boolean(value) && typeof value === "object" && !Array.isArray(value);

/** What changed, readably: "status: pending → in_progress", or the fields set when there was no before. */
export function summarizeChange(before: unknown, after: unknown): string[] {
  if (isRecord(before) || isRecord(after)) {
    const b = isRecord(before) ? before : {};
    const a = isRecord(after) ? after : {};
    const lines: string[] = [];
    for (const key of Array.from(new Set([...Object.keys(b), ...Object.keys(a)]))) {
      const was = b[key];
      const now = a[key];
      if (JSON.stringify(was) === JSON.stringify(now)) continue;
      const label = key.replace(/_/g, " ");
      if (!(key in b)) {
        if (now !== "" && now !== null && now !== undefined) lines.push(`${label}: ${short(now)}`);
      }
      else if (!(key in a)) lines.push(`${label}: ${short(was)} removed`);
      else lines.push(`${label}: ${short(was)} → ${short(now)}`);
    }
    return lines;
  }
  if (before === null || before === undefined) return after === null || after === undefined ? [] : [short(after)];
  return [`${short(before)} → ${short(after)}`];
}

/** The task's audit trail, oldest first. */
export function AuditHistory({ events }: { events: AuditEvent[] }) {
  if (!events.length) return <p className="muted">No recorded events.</p>;
  return (
    <ol className="timeline" aria-label="History">
      {events.map((event) => {
        const sentence =
          event.action === "task.reassigned"
            ? describeReassignment(event.before, event.after)
            : event.action === "task.approval_recorded"
              ? describeVote(event.after)
              : null;
        const lines = sentence ? [sentence] : summarizeChange(event.before, event.after);
        return (
          <li key={event.id} className="timeline-item" data-testid="history-event">
            <div className="timeline-head">
              <strong>{ACTION_LABEL[event.action] ?? event.action}</strong>
              <time className="muted" dateTime={event.created_at} title={formatDateTime(event.created_at)}>
                {formatRelative(event.created_at)}
              </time>
            </div>
            <div className="muted">
              by {event.actor_email || "system"} · <code>{event.action}</code>
            </div>
            {lines.length > 0 && (
              <ul className="change-list">
                {lines.map((line, index) => (
                  <li key={index}>{line}</li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ol>
  );
}
