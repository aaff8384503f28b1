import { useAuth } from "../../auth/AuthProvider";
import { useTaskChangeSinceMount, useTicketViewers, type TaskChange, type Viewer } from "../../live/ticketEvents";
import "./presence.css";

/** "Dana is viewing" or "Dana is typing a comment". */
export function presenceSentence(viewer: Viewer): string {
  return viewer.state === "typing" ? `${viewer.name} is typing a comment` : `${viewer.name} is viewing`;
}

/**
 * Who else has this ticket's task open, live over its ws/tickets/ socket
 * (opened by the comment thread): one chip per person, never oneself. A
 * polite live region, so arrivals and departures are announced without
 * interrupting.
 */
export function Presence({ ticketId }: { ticketId: string }) {
  const { claims } = useAuth();
  const others = useTicketViewers(ticketId, claims?.user_id);
  return (
    <div className="presence" role="status" aria-live="polite" data-testid="presence">
      {others.length > 0 && (
        <ul className="presence-list" aria-label="Also on this task">
          {others.map((viewer) => (
            <li key={viewer.userId} className={`presence-person presence-${viewer.state}`} data-testid="presence-person">
              <span className="presence-dot" aria-hidden="true" />
              {presenceSentence(viewer)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

const DID: Record<string, string> = {
  "task.approval_recorded": "voted on this task",
  "task.transferred": "transferred this task",
  "task.escalated": "escalated this task",
  "task.held": "put this task on hold",
  "task.resumed": "resumed this task",
  "task.reassigned": "reassigned this task",
};

/** "Dana just moved this task to Resolve", "The system just reassigned this task", ... */
export function changeSentence(change: TaskChange): string {
  const who = change.actor.userId === null ? "The system" : change.actor.name || "Someone";
  if (change.action === "task.transitioned") {
    if (change.status === "completed") return `${who} just finished this task`;
    return change.step ? `${who} just moved this task to ${change.step}` : `${who} just moved this task`;
  }
  return `${who} just ${DID[change.action] ?? "changed this task"}`;
}

/**
 * Inside an action dialog: someone else moved the task since the dialog
 * opened, so confirming will likely be refused (the server's 409 decides).
 */
export function TaskChangedNotice({ ticketId }: { ticketId: string }) {
  const change = useTaskChangeSinceMount(ticketId);
  if (!change) return null;
  return (
    <div className="banner banner-warning" role="alert" data-testid="task-changed-notice">
      <strong>{changeSentence(change)}.</strong> Confirming may be refused; cancel to see where the task is now.
    </div>
  );
}
