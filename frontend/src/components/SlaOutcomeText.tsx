import type { TaskSummary } from "../api/types";
import { slaOutcome } from "./slaOutcome";

/** A closed task's SLA outcome ("met, 3 h early" / "missed by 2 h"); "—" when it has none. */
export function SlaOutcomeText({ task, long = false }: { task: Pick<TaskSummary, "sla_met" | "sla_margin_seconds">; long?: boolean }) {
  const outcome = slaOutcome(task);
  if (!outcome) return <span className="sla sla-done">—</span>;
  return (
    <span className={`sla ${outcome.met ? "sla-met" : "sla-missed"}`} data-testid="sla-outcome">
      {long ? outcome.long : outcome.short}
    </span>
  );
}
