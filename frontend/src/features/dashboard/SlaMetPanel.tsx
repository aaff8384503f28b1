import type { Priority } from "../../api/types";
import { formatShare, type SlaMet, type TaskStats } from "./api";

const PRIORITIES: Priority[] = ["Critical", "High", "Medium", "Low"];

function ShareTable({ caption, label, rows }: { caption: string; label: string; rows: { name: string; figures: SlaMet | undefined }[] }) {
  return (
    <div className="table-scroll">
      <table className="table sla-met-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{label}</th>
            <th scope="col">Met</th>
            <th scope="col">Share met</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ name, figures }) => {
            const completed = figures?.completed ?? 0;
            const share = completed > 0 ? figures?.share ?? null : null;
            return (
              <tr key={name} data-testid="sla-met-row">
                <th scope="row">{name}</th>
                <td className="sla-met-count">{completed > 0 ? `${figures?.met ?? 0} of ${completed}` : "—"}</td>
                <td>
                  <span className="sla-met-share">
                    <span className="sla-met-bar" aria-hidden="true">
                      {share !== null && <span className={`sla-met-fill${share < 0.8 ? " is-low" : ""}`} style={{ width: `${Math.round(share * 100)}%` }} />}
                    </span>
                    <span className="sla-met-percent">{formatShare(share)}</span>
                  </span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/**
 * "SLA met": of the tasks completed in the period with a target, the share that
 * met it, per workflow and per priority, with the counts ("5 of 6"); "—" where
 * nothing was completed.
 */
export function SlaMetPanel({ stats }: { stats: TaskStats }) {
  const byWorkflow = [...(stats.sla_met_by_workflow ?? [])].sort((a, b) => a.workflow.localeCompare(b.workflow));
  const byPriority = stats.sla_met_by_priority ?? {};
  const completed = byWorkflow.reduce((sum, row) => sum + row.completed, 0);
  const met = byWorkflow.reduce((sum, row) => sum + row.met, 0);
  return (
    <section className="card chart-card chart-wide" aria-labelledby="sla-met-title" data-testid="sla-met">
      <h2 id="sla-met-title">SLA met</h2>
      <p className="chart-summary">
        {completed > 0
          ? `${met} of ${completed} tasks completed in the last ${stats.days} days met their SLA (${formatShare(met / completed)}).`
          : `No task with an SLA target was completed in the last ${stats.days} days.`}
      </p>
      <div className="sla-met-grid">
        {byWorkflow.length > 0 ? (
          <ShareTable caption="By workflow" label="Workflow" rows={byWorkflow.map((row) => ({ name: row.workflow, figures: row }))} />
        ) : (
          <p className="chart-empty">No workflow completed a task in this period.</p>
        )}
        <ShareTable caption="By priority" label="Priority" rows={PRIORITIES.map((priority) => ({ name: priority, figures: byPriority[priority] }))} />
      </div>
    </section>
  );
}
