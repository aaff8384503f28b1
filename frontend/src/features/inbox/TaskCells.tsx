import type { TaskSummary } from "../../api/types";
import { SlaCountdown } from "../../components/SlaCountdown";
import { SlaOutcomeText } from "../../components/SlaOutcomeText";

const OPEN = new Set(["pending", "in_progress"]);

/** A task row's SLA cell: the countdown while open, "On hold" while held, the outcome once closed ("met, 3 h early"). */
export function TaskSlaCell({ task }: { task: TaskSummary }) {
  if (task.status === "on_hold") {
    return (
      <span className="sla sla-held" title={task.hold_reason ? `On hold: ${task.hold_reason}` : "On hold: the SLA clock is stopped"}>
        On hold
      </span>
    );
  }
  // Closed (completed, cancelled) or never matched: the outcome or why there is none, never a bare "—".
  if (!OPEN.has(task.status)) return <SlaOutcomeText task={task} />;
  return <SlaCountdown receivedAt={task.received_at} target={task.assignee?.target_resolution ?? task.target_resolution} open={OPEN.has(task.status)} />;
}

/** Who holds the task: every active assignee of a K-of-N step, else the one assignee; "—" for nobody. */
export function TaskAssigneeCell({ task }: { task: TaskSummary }) {
  const people = task.assignees?.length ? task.assignees : task.assignee ? [task.assignee] : [];
  if (!people.length) return <>—</>;
  const names = people.map((person) => person.user_full_name || person.user_email);
  return <span title={people.map((person) => person.user_email).join(", ")}>{names.join(", ")}</span>;
}
