import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import type { TaskDetail, TaskSummary } from "../../api/types";
import { holdTask } from "../../api/workflow";
import { Field } from "../../components/Field";
import { Banner } from "../../components/States";
import { formatDateTime, formatRelative } from "../../components/format";
import { FormButtons, describe } from "./forms";

/** Whether the user holds an active assignment of the task (any of a K-of-N step's assignees counts). */
export function isActiveAssignee(task: Pick<TaskSummary, "assignee" | "assignees">, userId: number | undefined): boolean {
  if (userId === undefined) return false;
  if (task.assignee?.user_id === userId) return true;
  return (task.assignees ?? []).some((assignee) => assignee.user_id === userId);
}

/** "On hold since 30 Nov 2026, 14:05 (2 h ago): waiting for the requester". */
export function HoldBanner({ task }: { task: Pick<TaskSummary, "status" | "held_at" | "hold_reason"> }) {
  if (task.status !== "on_hold") return null;
  return (
    <div className="banner banner-info task-hold-banner" role="status" data-testid="hold-banner">
      <strong>On hold</strong>
      {task.held_at && (
        <>
          {" since "}
          <time dateTime={task.held_at} title={formatRelative(task.held_at)}>
            {formatDateTime(task.held_at)}
          </time>
        </>
      )}
      {task.hold_reason ? `: ${task.hold_reason}` : ""}
      <span> · The SLA clock is stopped until the task is resumed.</span>
    </div>
  );
}

/** The Hold dialog's form: the reason is required (the server refuses a blank one naming `reason`). */
export function HoldForm({ task, onCancel, onDone }: { task: TaskDetail; onCancel: () => void; onDone: (task: TaskDetail) => void }) {
  const [reason, setReason] = useState("");
  const mutation = useMutation({ mutationFn: () => holdTask(task.id, reason.trim()), onSuccess: onDone });
  const { fieldErrors, banner } = describe(mutation.error, ["reason"]);
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (reason.trim()) mutation.mutate();
      }}
    >
      <p>The SLA clock stops while the task is on hold; on resume its targets move by the open time that passed.</p>
      {banner && <Banner>{banner}</Banner>}
      <Field label="Reason" error={fieldErrors.reason} hint="Required, e.g. waiting for the requester.">
        <textarea value={reason} required autoFocus rows={3} maxLength={2000} onChange={(event) => setReason(event.target.value)} />
      </Field>
      <FormButtons onCancel={onCancel} disabled={!reason.trim()} pending={mutation.isPending} />
    </form>
  );
}
