/**
 * A task's audit events as sentences a help-desk agent reads ("Dana approved → Resolve: “checked the laptop”",
 * "Assigned to Ben Cruz (Triage)"), never the database's words (`task.transitioned`, `user id: 5`).
 *
 * People are named from what the task detail already carries: each event's `actor_name` (workflow_api names the
 * actor from its role replica) and the names on the task's assignments, approvals and assignees for the user ids
 * inside an event (`user_id`, `to_user_id`, `from_user_id`).
 */
import type { AuditEvent, TaskDetail } from "../../api/types";
import { formatSpan } from "../../components/slaOutcome";

const isRecord = (value: unknown): value is Record<string, unknown> => Boolean(value) && typeof value === "object" && !Array.isArray(value);
const text = (value: unknown): string => (typeof value === "string" ? value.trim() : typeof value === "number" ? String(value) : "");
const quote = (value: unknown): string => (text(value) ? `: “${text(value)}”` : "");

/** user id → the name people know them by (full name, else email), from everything the task detail lists. */
export type PeopleNames = Map<number, string>;

export function peopleNames(task: Pick<TaskDetail, "assignments" | "approvals" | "assignees" | "assignee">): PeopleNames {
  const names: PeopleNames = new Map();
  const add = (userId: number | null | undefined, fullName?: string, email?: string) => {
    const name = (fullName ?? "").trim() || (email ?? "").trim();
    if (userId !== null && userId !== undefined && name && !names.has(userId)) names.set(userId, name);
  };
  for (const person of task.assignees ?? []) add(person.user_id, person.user_full_name, person.user_email);
  if (task.assignee) add(task.assignee.user_id, task.assignee.user_full_name, task.assignee.user_email);
  for (const assignment of task.assignments ?? []) add(assignment.user_id, assignment.user_full_name, assignment.user_email);
  for (const vote of task.approvals ?? []) add(vote.user_id, vote.user_full_name, vote.user_email);
  return names;
}

/** "send_back" → "Send Back"; "approve" → "Approve". */
export function titleCase(name: string): string {
  return name
    .trim()
    .split(/[\s_-]+/)
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join(" ");
}

const PAST: Record<string, string> = {
  approve: "approved",
  reject: "rejected",
  resolve: "resolved",
  close: "closed",
  submit: "submitted",
  assign: "assigned",
  escalate: "escalated",
  complete: "completed",
  fulfil: "fulfilled",
  fulfill: "fulfilled",
  review: "reviewed",
  accept: "accepted",
  decline: "declined",
  deny: "denied",
  verify: "verified",
  start: "started",
  finish: "finished",
  forward: "forwarded",
  return: "returned",
  reopen: "reopened",
  confirm: "confirmed",
  check: "checked",
  fix: "fixed",
  send: "sent",
  done: "marked it done",
};

/** "approve" → "approved"; a name we cannot put in the past tense safely → "chose “Send Back”". */
export function pastTense(transitionName: string): string {
  const name = transitionName.trim().toLowerCase();
  if (PAST[name]) return PAST[name];
  if (/^[a-z]+e$/.test(name)) return `${name}d`;
  return `chose “${titleCase(transitionName) || "a transition"}”`;
}

/** Where a transition leads, as its button says it: "Approve → Resolve", "Reject → End". */
export function transitionLabel(transition: { name: string; to_step: string | null }): string {
  return `${titleCase(transition.name) || "Move"} → ${transition.to_step ?? "End"}`;
}

function actorOf(event: AuditEvent, names: PeopleNames): string | null {
  if (event.actor_user_id === null || event.actor_user_id === undefined) return null;
  return text(event.actor_name) || names.get(event.actor_user_id) || text(event.actor_email) || "Someone";
}

function personOf(userId: unknown, names: PeopleNames, fallback = "someone"): string {
  return (typeof userId === "number" && names.get(userId)) || fallback;
}

const ASSIGNED_WHY: Record<string, string> = {
  escalation: " on escalation",
  transfer: " on transfer",
  sla_breach: " after an SLA breach",
};

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

/** "Rejected: 1 approved, 1 rejected, 2 approvals needed. “Too expensive”" for workflow_api's `task.approval_recorded`. */
export function describeVote(after: unknown): string | null {
  if (!isRecord(after) || (after.decision !== "approve" && after.decision !== "reject")) return null;
  const tally = `${Number(after.approved ?? 0)} approved, ${Number(after.rejected ?? 0)} rejected, ${Number(after.required ?? 0)} approvals needed.`;
  const notes = typeof after.notes === "string" && after.notes ? ` “${after.notes}”` : "";
  return `${after.decision === "approve" ? "Approved" : "Rejected"}: ${tally}${notes}`;
}

/** "task.something_new" → "Something new": an action this console does not know yet, still without the code name. */
function humanAction(action: string): string {
  const words = action.replace(/^[a-z]+\./, "").replace(/[._]+/g, " ").trim();
  return words ? words[0].toUpperCase() + words.slice(1) : "Changed";
}

/**
 * One audit event as a sentence. Every action workflow_api writes on a task has its own wording; an unknown one
 * reads as its name in words ("Something new"), never as `task.something_new`.
 */
export function historySentence(event: AuditEvent, names: PeopleNames): string {
  const after = isRecord(event.after) ? event.after : {};
  const actor = actorOf(event, names);
  const by = actor ? ` by ${actor}` : "";
  switch (event.action) {
    case "task.created":
      if (after.status === "unmatched") return "Ticket received from the help desk; no deployed workflow matches it";
      return `Ticket received from the help desk${text(after.priority) ? ` (${text(after.priority)} priority)` : ""}`;
    case "task.waiting":
      return `Waiting at ${text(after.step) || "its step"}: nobody holds the role ${text(after.role) || "it needs"} yet`;
    case "task.assigned": {
      const person = personOf(after.user_id, names, text(after.user_email) || "someone");
      return `Assigned to ${person}${text(after.step) ? ` (${text(after.step)})` : ""}${ASSIGNED_WHY[text(after.reason)] ?? ""}`;
    }
    case "task.transitioned": {
      const who = actor ?? "The system";
      const verb = pastTense(text(after.transition));
      const where =
        after.status === "completed"
          ? ` → closed as ${text(after.resolution) || "Resolved"}`
          : text(after.step)
            ? ` → ${text(after.step)}`
            : "";
      const votes = isRecord(after.approvals) ? ` (votes: ${Number(after.approvals.approved ?? 0)} approved, ${Number(after.approvals.rejected ?? 0)} rejected)` : "";
      return `${who} ${verb}${where}${votes}${quote(after.notes)}`;
    }
    case "task.approval_recorded":
      return `${actor ?? "Someone"} voted. ${describeVote(after) ?? "Vote recorded."}`;
    case "task.escalated": {
      const role = text(after.to_role) || "the escalation role";
      const reason = text(after.reason);
      if (!actor) return `Escalated to ${role}${reason ? ` (${reason})` : ""}`;
      return `Escalated to ${role}${by}${quote(reason)}`;
    }
    case "task.transferred": {
      const from = after.from_user_id === null || after.from_user_id === undefined ? "" : ` from ${personOf(after.from_user_id, names)}`;
      return `Transferred${from} to ${personOf(after.to_user_id, names)}${by}${quote(after.notes)}`;
    }
    case "task.reassigned":
      return describeReassignment(event.before, event.after) ?? "Reassigned";
    case "sla.breached": {
      const person = typeof after.user_id === "number" ? names.get(after.user_id) : undefined;
      return `SLA breached at ${text(after.step) || "its step"}${person ? ` while with ${person}` : ""}`;
    }
    case "task.held":
      return `Put on hold${by}${text(after.reason) ? `: ${text(after.reason)}` : ""}`;
    case "task.resumed": {
      const held = Number(after.held_open_seconds);
      return `Resumed${by}${Number.isFinite(held) && held >= 60 ? ` after ${formatSpan(held)} on hold` : ""}`;
    }
    default:
      return `${humanAction(event.action)}${by}`;
  }
}
