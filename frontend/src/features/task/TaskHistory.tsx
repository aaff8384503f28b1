import type { Assignment, AuditEvent } from "../../api/types";
import { formatDateTime, formatRelative } from "../../components/format";
import { historySentence, type PeopleNames } from "./historySentence";

export { describeReassignment, describeVote } from "./historySentence";

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

/** The task's audit trail, oldest first, each event a sentence with names (see historySentence.ts). */
export function AuditHistory({ events, names }: { events: AuditEvent[]; names: PeopleNames }) {
  if (!events.length) return <p className="muted">No recorded events.</p>;
  return (
    <ol className="timeline" aria-label="History">
      {events.map((event) => (
        <li key={event.id} className="timeline-item" data-testid="history-event">
          <div className="timeline-head">
            <span className="history-sentence">{historySentence(event, names)}</span>
            <time className="muted" dateTime={event.created_at} title={formatDateTime(event.created_at)}>
              {formatRelative(event.created_at)}
            </time>
          </div>
        </li>
      ))}
    </ol>
  );
}
