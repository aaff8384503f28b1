import type { TaskSummary } from "../api/types";
import { closedSlaOutcome, noOutcomeText } from "./slaOutcome";

/**
 * A closed task's SLA outcome ("met, 3 h early" / "missed by 2 h"; `long`: "SLA met, 3 h early"), from the server's
 * figures or, lacking them, its completion against its target. Without either it says why there is none ("No SLA
 * target"); the short form is "—" with that reason as its title and for screen readers.
 */
export function SlaOutcomeText({
  task,
  long = false,
}: {
  task: Pick<TaskSummary, "sla_met" | "sla_margin_seconds"> & Partial<Pick<TaskSummary, "status" | "completed_at" | "target_resolution">>;
  long?: boolean;
}) {
  const outcome = closedSlaOutcome({ status: "completed", completed_at: null, target_resolution: null, ...task });
  if (!outcome) {
    const why = noOutcomeText(task.status ?? "completed");
    return long ? (
      <span className="sla sla-done" data-testid="sla-outcome">
        {why}
      </span>
    ) : (
      <span className="sla sla-done" title={why}>
        <span aria-hidden="true">—</span>
        <span className="visually-hidden">{why}</span>
      </span>
    );
  }
  return (
    <span className={`sla ${outcome.met ? "sla-met" : "sla-missed"}`} data-testid="sla-outcome">
      {long ? outcome.long : outcome.short}
    </span>
  );
}
