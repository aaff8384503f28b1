import { useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ApiError } from "../../api/errors";
import type { AvailableTransition, TaskDetail } from "../../api/types";
import { escalateTask, resumeTask, transitionTask } from "../../api/workflow";
import { useAuth } from "../../auth/AuthProvider";
import { Field } from "../../components/Field";
import { Modal } from "../../components/Modal";
import { Banner } from "../../components/States";
import { useToast } from "../../components/Toasts";
import { FormButtons, ShareSelect, describe } from "./forms";
import { HoldForm, isActiveAssignee } from "./TaskHold";
import { TransferDialog } from "./TransferDialog";
import { TaskChangedNotice } from "./Presence";
import { titleCase, transitionLabel } from "./historySentence";
import { accessKeys } from "../keyboard/accessKeys";

export const CONFLICT_MESSAGE = "Someone moved this task first";
const OPEN = new Set(["pending", "in_progress"]);

const REJECTING = /^(reject|deny|decline|refuse)/i;

type Dialog = { kind: "transition"; transition: AvailableTransition } | { kind: "escalate" } | { kind: "transfer" } | { kind: "hold" } | null;

const DIALOG_TITLE = { escalate: "Escalate this task", transfer: "Transfer this task", hold: "Put this task on hold" } as const;

/**
 * What the caller may do with the task now: one button per available
 * transition, Escalate (the assignee or an administrator, in progress),
 * Transfer (administrators, open tasks), Hold (asks for the reason) and Resume
 * (an active assignee or an administrator). Each but Resume opens a confirmation.
 */
export function TaskActions({ task, taskId }: { task: TaskDetail; taskId: string }) {
  const { claims, isAdmin } = useAuth();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [conflict, setConflict] = useState(false);

  const isAssignee = isActiveAssignee(task, claims?.user_id);
  const canEscalate = task.status === "in_progress" && (isAssignee || isAdmin);
  const canTransfer = isAdmin && OPEN.has(task.status);
  const canHold = task.status === "in_progress" && (isAssignee || isAdmin);
  const canResume = task.status === "on_hold" && (isAssignee || isAdmin);
  const transitions = task.available_transitions ?? [];
  const keys = accessKeys(transitions.map(transitionLabel));
  const resume = useMutation({
    mutationFn: () => resumeTask(task.id),
    onSuccess: (updated) => done(updated, "Task resumed"),
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) onConflict();
      else toast({ kind: "error", title: "The task was not resumed", body: error instanceof Error ? error.message : undefined });
    },
  });

  async function done(updated: TaskDetail, title: string) {
    queryClient.setQueryData(["task", taskId], updated);
    setDialog(null);
    setConflict(false);
    toast({ title, kind: "success" });
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ["task", taskId] }),
      queryClient.invalidateQueries({ queryKey: ["tasks"] }),
    ]);
  }

  function onConflict() {
    setDialog(null);
    setConflict(true);
    void queryClient.invalidateQueries({ queryKey: ["task", taskId] });
    void queryClient.invalidateQueries({ queryKey: ["tasks"] });
  }

  // A voter's assignment closes with their vote: say so rather than "only the current assignee".
  const myVote = task.approval
    ? (task.approvals ?? []).find((vote) => vote.user_id === claims?.user_id && vote.step_name === task.current_step?.name)
    : undefined;
  const nothing = transitions.length === 0 && !canEscalate && !canTransfer && !canHold && !canResume;
  return (
    <section className="card task-actions" aria-labelledby="actions-title">
      <div className="card-header">
        <h2 id="actions-title">Actions</h2>
      </div>
      {conflict && (
        <Banner kind="warning">
          <strong>{CONFLICT_MESSAGE}</strong> — the page now shows where the task is.
        </Banner>
      )}
      {task.current_step?.instruction && OPEN.has(task.status) && (
        <p className="task-instruction">
          <span className="muted">Instruction: </span>
          {task.current_step.instruction}
        </p>
      )}
      {nothing ? (
        <p className="muted" data-testid="no-actions">
          {task.status === "on_hold"
            ? "This task is on hold; its assignee or an administrator can resume it."
            : myVote
            ? `You ${myVote.decision === "approve" ? "approved" : "rejected"} at this step; the task moves on once enough of the others decide.`
            : OPEN.has(task.status)
            ? isAssignee
              ? "No transition is open to you at this step."
              : "Only the current assignee can move this task."
            : task.status === "completed"
            ? `This task is closed (${task.resolution || "Resolved"}).`
            : "This task is closed."}
        </p>
      ) : (
        <div className="row task-action-buttons">
          {transitions.map((transition, index) => (
            <button
              key={transition.id}
              type="button"
              className={`button ${REJECTING.test(transition.name) ? "button-danger" : "button-primary"} transition-button`}
              data-testid="transition-button"
              accessKey={keys[index] || undefined}
              title={(transition.to_step ? `Moves the task to ${transition.to_step}` : "Finishes the task") + (keys[index] ? ` (access key ${keys[index].toUpperCase()})` : "")}
              onClick={() => setDialog({ kind: "transition", transition })}
            >
              {transitionLabel(transition)}
            </button>
          ))}
          {canEscalate && (
            <button type="button" className="button" onClick={() => setDialog({ kind: "escalate" })}>
              Escalate
            </button>
          )}
          {canTransfer && (
            <button type="button" className="button" onClick={() => setDialog({ kind: "transfer" })}>
              Transfer
            </button>
          )}
          {canHold && (
            <button type="button" className="button" onClick={() => setDialog({ kind: "hold" })}>
              Hold
            </button>
          )}
          {canResume && (
            <button type="button" className="button button-primary" disabled={resume.isPending} onClick={() => resume.mutate()}>
              {resume.isPending ? "Resuming…" : "Resume"}
            </button>
          )}
        </div>
      )}

      <Modal
        title={
          dialog?.kind === "transition"
            ? `${titleCase(dialog.transition.name)}: ${dialog.transition.to_step ? `move to ${dialog.transition.to_step}` : "finish the task"}`
            : DIALOG_TITLE[dialog?.kind ?? "transfer"]
        }
        open={dialog !== null}
        onClose={() => setDialog(null)}
      >
        {dialog && <TaskChangedNotice ticketId={task.ticket_number} />}
        {dialog?.kind === "transition" && (
          <TransitionForm
            key={dialog.transition.id}
            task={task}
            transition={dialog.transition}
            onCancel={() => setDialog(null)}
            onDone={(updated) => done(updated, transitionToast(task, dialog.transition, updated))}
            onConflict={onConflict}
          />
        )}
        {dialog?.kind === "escalate" && (
          <EscalateForm task={task} onCancel={() => setDialog(null)} onDone={(updated) => done(updated, "Task escalated")} />
        )}
        {dialog?.kind === "hold" && <HoldForm task={task} onCancel={() => setDialog(null)} onDone={(updated) => done(updated, "Task on hold")} />}
        {dialog?.kind === "transfer" && (
          <TransferDialog task={task} onCancel={() => setDialog(null)} onDone={(updated) => done(updated, "Task transferred")} />
        )}
      </Modal>
    </section>
  );
}

/**
 * What the toast says after a transition, as what happened: a vote at a K-of-N step that did not decide it is
 * recorded, not a move; a rejection says where the task went ("Rejected: the task went to Triage") or that it is
 * closed ("Closed as rejected"); a task that reached the end says how it closed ("Task resolved").
 */
export function transitionToast(before: TaskDetail, transition: AvailableTransition, after: TaskDetail): string {
  const stillThere = before.approval && after.status === before.status && after.current_step?.id === before.current_step?.id;
  if (stillThere) return transition.name === before.approval?.reject_transition ? "Your rejection is recorded" : "Your approval is recorded";
  const rejected = REJECTING.test(transition.name.trim()) || transition.name === before.approval?.reject_transition;
  const step = after.current_step?.name ?? transition.to_step;
  if (after.status === "completed") return after.resolution === "Rejected" || (rejected && !after.resolution) ? "Closed as rejected" : "Task resolved";
  if (rejected) return `Rejected: the task went to ${step ?? "its next step"}`;
  return step ? `Task moved to ${step}` : "Task moved on";
}

function TransitionForm({
  task,
  transition,
  onCancel,
  onDone,
  onConflict,
}: {
  task: TaskDetail;
  transition: AvailableTransition;
  onCancel: () => void;
  onDone: (task: TaskDetail) => void;
  onConflict: () => void;
}) {
  const [notes, setNotes] = useState("");
  const mutation = useMutation({
    mutationFn: () => transitionTask(task.id, transition.id, notes.trim()),
    onSuccess: onDone,
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) onConflict();
    },
  });
  const { fieldErrors, banner } = describe(mutation.error, ["notes"]);
  const blocked = transition.requires_notes && !notes.trim();
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!blocked) mutation.mutate();
  }
  return (
    <form onSubmit={submit} noValidate>
      <p>
        {transition.to_step ? (
          <>
            The task moves to <strong>{transition.to_step}</strong>.
          </>
        ) : (
          <>This finishes the task.</>
        )}
      </p>
      {banner && <Banner>{banner}</Banner>}
      <Field label="Notes" error={fieldErrors.notes} hint={transition.requires_notes ? "Required: say why." : "Optional."}>
        <textarea value={notes} required={transition.requires_notes} autoFocus rows={4} onChange={(event) => setNotes(event.target.value)} />
      </Field>
      <FormButtons onCancel={onCancel} disabled={blocked} pending={mutation.isPending} />
    </form>
  );
}

/** The assignees whose share must be named (`from_user_id`): several hold the step and the caller is not one of them. */
function sharesToChoose(task: TaskDetail, userId: number | undefined) {
  const people = task.assignees ?? [];
  return people.length > 1 && !people.some((person) => person.user_id === userId) ? people : [];
}

function EscalateForm({ task, onCancel, onDone }: { task: TaskDetail; onCancel: () => void; onDone: (task: TaskDetail) => void }) {
  const { claims } = useAuth();
  const [reason, setReason] = useState("");
  const shares = sharesToChoose(task, claims?.user_id);
  const [fromUserId, setFromUserId] = useState("");
  const mutation = useMutation({ mutationFn: () => escalateTask(task.id, reason.trim(), fromUserId ? Number(fromUserId) : undefined), onSuccess: onDone });
  const { fieldErrors, banner } = describe(mutation.error, ["reason", "from_user_id"]);
  const ready = Boolean(reason.trim()) && (shares.length === 0 || Boolean(fromUserId));
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (ready) mutation.mutate();
      }}
    >
      <p>The task stays at {task.current_step ? <strong>{task.current_step.name}</strong> : "its step"} and goes to a member of the step's escalation role.</p>
      {banner && <Banner>{banner}</Banner>}
      {shares.length > 0 && <ShareSelect people={shares} value={fromUserId} error={fieldErrors.from_user_id} onChange={setFromUserId} />}
      <Field label="Reason" error={fieldErrors.reason} hint="Required.">
        <textarea value={reason} required autoFocus rows={4} onChange={(event) => setReason(event.target.value)} />
      </Field>
      <FormButtons onCancel={onCancel} disabled={!ready} pending={mutation.isPending} />
    </form>
  );
}
