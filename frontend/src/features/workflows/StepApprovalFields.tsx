import { Field } from "../../components/Field";
import { MAX_ASSIGNEES, approvalProblems, type DraftStep } from "./draft";

type ApprovalFields = Pick<DraftStep, "assignees" | "approvals_required" | "approve_transition" | "reject_transition">;

/**
 * A step's K-of-N approval: N members of its role decide ("People who must
 * decide"), K approvals carry it ("Approvals needed"); with N > 1, the names of
 * the step's transitions that count as approval and rejection. K ≤ N is checked here.
 */
export function StepApprovalFields({ step, onChange }: { step: ApprovalFields; onChange: (changes: Partial<ApprovalFields>) => void }) {
  const problems = approvalProblems(step);
  const n = Number(step.assignees);
  const several = Number.isInteger(n) && n > 1;
  return (
    <>
      <Field label="People who must decide" error={problems.assignees} hint={`Members of the role assigned at once (1 to ${MAX_ASSIGNEES}).`}>
        <input type="number" min="1" max={MAX_ASSIGNEES} step="1" inputMode="numeric" value={step.assignees} onChange={(event) => onChange({ assignees: event.target.value })} />
      </Field>
      <Field label="Approvals needed" error={problems.approvals_required} hint="How many of them must approve; at most the people who decide.">
        <input type="number" min="1" step="1" inputMode="numeric" value={step.approvals_required} onChange={(event) => onChange({ approvals_required: event.target.value })} />
      </Field>
      {several && (
        <>
          <p className="muted wf-approval-hint">
            The task follows the approval transition once {step.approvals_required || "K"} have approved, and the rejection one as soon as that can no
            longer happen. The step needs exactly these two transitions out.
          </p>
          <Field label="Approval transition" error={problems.approve_transition}>
            <input value={step.approve_transition} autoComplete="off" onChange={(event) => onChange({ approve_transition: event.target.value })} />
          </Field>
          <Field label="Rejection transition" error={problems.reject_transition}>
            <input value={step.reject_transition} autoComplete="off" onChange={(event) => onChange({ reject_transition: event.target.value })} />
          </Field>
        </>
      )}
    </>
  );
}
