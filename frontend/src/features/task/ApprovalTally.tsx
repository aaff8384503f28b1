import type { ApprovalTally as Tally, ApprovalVote, TaskAssignee } from "../../api/types";
import { formatDateTime } from "../../components/format";

/** "2 of 3 approvals needed · 1 approved · 1 rejected". */
export function tallyLine(approval: Tally): string {
  return `${approval.approvals_required} of ${approval.assignees} approvals needed · ${approval.approved} approved · ${approval.rejected} rejected`;
}

const DECISION_LABEL: Record<ApprovalVote["decision"], string> = { approve: "Approved", reject: "Rejected" };

function VoteList({ votes, showStep }: { votes: ApprovalVote[]; showStep: boolean }) {
  return (
    <ol className="timeline approval-votes" aria-label="Votes">
      {votes.map((vote) => (
        <li key={`${vote.step_name}-${vote.user_id}-${vote.decided_at}`} className={`timeline-item approval-${vote.decision}`} data-testid="approval-vote">
          <div className="timeline-head">
            <strong title={vote.user_email}>{vote.user_full_name || vote.user_email}</strong>
            <span className={`badge approval-badge-${vote.decision}`}>{DECISION_LABEL[vote.decision] ?? vote.decision}</span>
          </div>
          <div className="timeline-dates">
            {showStep ? `${vote.step_name} · ` : ""}
            <time dateTime={vote.decided_at}>{formatDateTime(vote.decided_at)}</time>
          </div>
          {vote.notes && <p className="timeline-notes">“{vote.notes}”</p>}
        </li>
      ))}
    </ol>
  );
}

/**
 * A K-of-N approval step's tally (task detail `approval`): how many approvals
 * decide it, the votes so far at this step (who, what, when, notes) and who is
 * still to decide (the step's active assignees). With no step open to vote,
 * every vote the task has had (`approvals`), or nothing when there are none.
 */
export function ApprovalTally({
  approval,
  approvals,
  assignees,
  stepName,
}: {
  approval: Tally | null | undefined;
  approvals: ApprovalVote[] | undefined;
  assignees: TaskAssignee[] | undefined;
  stepName: string | undefined;
}) {
  const votes = approvals ?? [];
  if (!approval && votes.length === 0) return null;
  const here = approval ? votes.filter((vote) => vote.step_name === stepName) : votes;
  const waiting = approval ? (assignees ?? []).filter((person) => !here.some((vote) => vote.user_id === person.user_id)) : [];
  return (
    <section className="card approval-card" aria-labelledby="approval-title" data-testid="approval-tally">
      <h2 id="approval-title">{approval ? "Approval" : "Approvals"}</h2>
      {approval && (
        <p className="approval-line">
          <strong>{tallyLine(approval)}</strong>
        </p>
      )}
      {here.length > 0 ? <VoteList votes={here} showStep={!approval} /> : <p className="muted">Nobody has decided yet.</p>}
      {approval && (
        <p className="approval-waiting" data-testid="approval-waiting">
          {waiting.length ? (
            <>
              <span className="muted">Still to decide: </span>
              {waiting.map((person) => person.user_full_name || person.user_email).join(", ")}
            </>
          ) : (
            <span className="muted">Nobody else is asked to decide.</span>
          )}
        </p>
      )}
    </section>
  );
}
