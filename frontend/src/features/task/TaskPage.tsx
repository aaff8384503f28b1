import { useMemo } from "react";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router-dom";
import { getTask } from "../../api/workflow";
import type { TaskDetail } from "../../api/types";
import { useAuth } from "../../auth/AuthProvider";
import { PriorityBadge, StatusBadge } from "../../components/Badges";
import { SlaCountdown } from "../../components/SlaCountdown";
import { SlaOutcomeText } from "../../components/SlaOutcomeText";
import { noOutcomeText, resolutionText } from "../../components/slaOutcome";
import { EmptyState, QueryState } from "../../components/States";
import { formatDateTime } from "../../components/format";
import { CommentThread } from "../comments/CommentThread";
import { ApprovalTally } from "./ApprovalTally";
import { Presence } from "./Presence";
import { TaskActions } from "./TaskActions";
import { HoldBanner, isActiveAssignee } from "./TaskHold";
import { AssignmentList, AuditHistory } from "./TaskHistory";
import { peopleNames } from "./historySentence";
import { helpdeskStatus, wasEscalated } from "./ticketStatus";
import { TicketCard } from "./TicketCard";
import { RequesterContext } from "./RequesterContext";
import { WorkflowDiagram } from "./WorkflowDiagram";
import "./task.css";

const OPEN = new Set(["pending", "in_progress"]);

/** /tasks/:taskId — one task: the ticket, where it is in its workflow, what can be done, who held it, and the live comments. */
export function TaskPage() {
  const { taskId = "" } = useParams();
  const task = useQuery({ queryKey: ["task", taskId], queryFn: () => getTask(taskId), enabled: Boolean(taskId) });
  return (
    <section className="task-page" aria-labelledby="task-title">
      <QueryState query={task}>{(data) => <TaskView task={data} taskId={taskId} refreshing={task.isFetching} />}</QueryState>
    </section>
  );
}

function TaskView({ task, taskId, refreshing }: { task: TaskDetail; taskId: string; refreshing: boolean }) {
  const { claims } = useAuth();
  const open = OPEN.has(task.status);
  const target = task.assignee?.target_resolution ?? task.target_resolution;
  const visited = useMemo(() => new Set(task.assignments.filter((assignment) => assignment.status !== "active").map((assignment) => assignment.step_name)), [task.assignments]);
  const mine = isActiveAssignee(task, claims?.user_id);
  const assignees = task.assignees?.length ? task.assignees : task.assignee ? [task.assignee] : [];
  const resolved = resolutionText(task.resolution_open_seconds);
  const ticketId = task.ticket_number || String(task.ticket?.ticket_number ?? "");
  const names = useMemo(() => peopleNames(task), [task]);
  const closed = !open && task.status !== "on_hold";

  return (
    <>
      <header className="task-header">
        <div className="task-heading">
          <div className="task-overline">
            <Link to={mine ? "/inbox" : "/tasks"} className="task-back">
              ← Tasks
            </Link>
            <span className="mono task-number">{task.ticket_number}</span>
            {refreshing && <span className="spinner spinner-small" role="status" aria-label="Refreshing" />}
          </div>
          <h1 id="task-title">{task.subject || <span className="muted">(no subject)</span>}</h1>
          <div className="row task-badges">
            <StatusBadge status={task.status} resolution={task.resolution} />
            <PriorityBadge priority={task.priority} />
            {wasEscalated(task) && <span className="badge badge-escalated">Escalated</span>}
            {task.breached && open && <span className="badge badge-breached">SLA breached</span>}
            {mine && <span className="badge badge-mine">Assigned to you</span>}
          </div>
        </div>
        <div className="task-sla">
          {task.status === "on_hold" ? (
            <>
              <span className="muted">SLA</span>
              <span className="sla sla-held">On hold</span>
              <small className="muted">The clock is stopped</small>
            </>
          ) : closed ? (
            <>
              <span className="muted">SLA outcome</span>
              {task.status === "completed" ? (
                <SlaOutcomeText task={task} long />
              ) : (
                <span className="sla sla-done" data-testid="sla-outcome">
                  {noOutcomeText(task.status)}
                </span>
              )}
              {resolved && <small className="muted" data-testid="resolution-time">{resolved}</small>}
            </>
          ) : (
            <>
              <span className="muted">Due in</span>
              <SlaCountdown receivedAt={task.received_at} target={target} open={open} />
              {target && <small className="muted">{formatDateTime(target)}</small>}
            </>
          )}
        </div>
      </header>

      <dl className="facts task-facts card">
        <dt>Workflow</dt>
        <dd>{task.workflow ? `${task.workflow.name} · v${task.workflow.version}` : <span className="muted">No workflow matches this ticket</span>}</dd>
        <dt>Current step</dt>
        <dd>
          {task.current_step ? (
            <>
              <strong>{task.current_step.name}</strong> <span className="muted">({task.current_step.role})</span>
            </>
          ) : (
            <span className="muted">—</span>
          )}
        </dd>
        <dt>{assignees.length > 1 ? "Assignees" : "Assignee"}</dt>
        <dd>
          {assignees.length ? (
            assignees.map((person, index) => (
              <span key={person.user_id} title={person.user_email}>
                {index > 0 ? ", " : ""}
                {person.user_full_name || person.user_email}
              </span>
            ))
          ) : (
            <span className="muted">{task.status === "pending" ? "Waiting for someone to hold the role" : "Nobody"}</span>
          )}
        </dd>
        <dt>Received</dt>
        <dd>{formatDateTime(task.received_at)}</dd>
        {task.completed_at && (
          <>
            <dt>Completed</dt>
            <dd>{formatDateTime(task.completed_at)}</dd>
          </>
        )}
      </dl>

      {ticketId && <Presence ticketId={ticketId} />}
      <HoldBanner task={task} />
      <TaskActions task={task} taskId={taskId} />
      <ApprovalTally approval={task.approval} approvals={task.approvals} assignees={task.assignees} stepName={task.current_step?.name} />

      <div className="grid-2 task-grid">
        <div className="stack">
          <TicketCard ticket={task.ticket ?? {}} status={helpdeskStatus(task)} priority={task.priority} />
          {ticketId ? <CommentThread ticketId={ticketId} /> : <EmptyState title="No ticket number to comment on" />}
        </div>
        <div className="stack">
          <RequesterContext taskId={taskId} />
          <section className="card" aria-labelledby="flow-title">
            <h2 id="flow-title">Where it is</h2>
            {task.steps ? (
              <WorkflowDiagram graph={task.steps} status={task.status} visited={visited} />
            ) : (
              <EmptyState title="No workflow">This ticket matched no deployed workflow.</EmptyState>
            )}
          </section>
          <section className="card" aria-labelledby="assignments-title">
            <h2 id="assignments-title">Assignments</h2>
            <AssignmentList assignments={task.assignments ?? []} />
          </section>
          <section className="card" aria-labelledby="history-title">
            <h2 id="history-title">History</h2>
            <AuditHistory events={task.history ?? []} names={names} />
          </section>
        </div>
      </div>
    </>
  );
}
