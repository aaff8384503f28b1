import { useState, type FormEvent } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { listUsers } from "../../api/auth";
import type { TaskSummary } from "../../api/types";
import { escalateTask, transferTask } from "../../api/workflow";
import { Field } from "../../components/Field";
import { Modal } from "../../components/Modal";
import { FormButtons } from "../task/forms";
import { bulkSummary, runBulk, type BulkResult } from "./runBulk";
import "./bulk.css";

type Action = "transfer" | "escalate";
const VERB: Record<Action, string> = { transfer: "transferred", escalate: "escalated" };
const TITLE: Record<Action, string> = { transfer: "Transfer the selected tasks", escalate: "Escalate the selected tasks" };

/**
 * The administrators' bulk toolbar over the selected rows: "N selected: Transfer…, Escalate…". Each action asks
 * once (a person, or a reason), then sends one request per task (POST /tasks/{id}/transfer/ or /escalate/), a few
 * at a time; a refusal (409, 400) of one does not stop the rest. The dialog then summarises ("7 transferred,
 * 1 failed") and lists each failure with the server's detail; the task lists refresh.
 */
export function BulkToolbar({ tasks, onClear }: { tasks: TaskSummary[]; onClear: () => void }) {
  const queryClient = useQueryClient();
  const [action, setAction] = useState<Action | null>(null);
  const [running, setRunning] = useState(false);
  const [results, setResults] = useState<BulkResult<TaskSummary>[] | null>(null);

  async function run(act: (task: TaskSummary) => Promise<unknown>) {
    setRunning(true);
    const outcome = await runBulk(tasks, act);
    setRunning(false);
    setResults(outcome);
    await queryClient.invalidateQueries({ queryKey: ["tasks"] });
  }

  function close() {
    if (running) return;
    if (results) onClear();
    setAction(null);
    setResults(null);
  }

  if (!tasks.length) return null;
  return (
    <div className="bulk-toolbar" role="region" aria-label="Bulk actions">
      <span role="status">{tasks.length} selected:</span>
      <button type="button" className="button" onClick={() => setAction("transfer")}>
        Transfer…
      </button>
      <button type="button" className="button" onClick={() => setAction("escalate")}>
        Escalate…
      </button>
      <button type="button" className="button button-ghost" onClick={onClear}>
        Clear selection
      </button>
      <Modal title={action ? TITLE[action] : ""} open={action !== null} onClose={close}>
        {action && results ? (
          <BulkSummary results={results} verb={VERB[action]} onClose={close} />
        ) : action === "transfer" ? (
          <TransferForm count={tasks.length} running={running} onCancel={close} onSubmit={(userId, notes) => run((task) => transferTask(task.id, userId, notes))} />
        ) : action === "escalate" ? (
          <EscalateForm count={tasks.length} running={running} onCancel={close} onSubmit={(reason) => run((task) => escalateTask(task.id, reason))} />
        ) : null}
      </Modal>
    </div>
  );
}

/** "2 transferred, 1 failed" and one line per failure: "TX… — the server's detail". */
export function BulkSummary({ results, verb, onClose }: { results: BulkResult<TaskSummary>[]; verb: string; onClose: () => void }) {
  const failures = results.filter((result): result is Extract<BulkResult<TaskSummary>, { ok: false }> => !result.ok);
  return (
    <div data-testid="bulk-summary">
      <p role="status" className="bulk-summary-line">
        <strong>{bulkSummary(results, verb)}</strong>
      </p>
      {failures.length > 0 && (
        <ul className="bulk-failures" aria-label="Failed">
          {failures.map((failure) => (
            <li key={failure.item.id}>
              <span className="mono">{failure.item.ticket_number}</span> — {failure.detail}
            </li>
          ))}
        </ul>
      )}
      <div className="form-actions">
        <button type="button" className="button button-primary" autoFocus onClick={onClose}>
          Done
        </button>
      </div>
    </div>
  );
}

function TransferForm({ count, running, onCancel, onSubmit }: { count: number; running: boolean; onCancel: () => void; onSubmit: (userId: number, notes: string) => void }) {
  const [search, setSearch] = useState("");
  const [userId, setUserId] = useState("");
  const [notes, setNotes] = useState("");
  const users = useQuery({
    queryKey: ["bulk-transfer-people", search.trim()],
    queryFn: () => listUsers({ is_active: "true", search: search.trim() || undefined, page_size: 100 }),
    staleTime: 30_000,
  });
  const people = users.data?.results ?? [];
  function submit(event: FormEvent) {
    event.preventDefault();
    if (userId) onSubmit(Number(userId), notes.trim());
  }
  return (
    <form noValidate onSubmit={submit}>
      <p>
        Each of the {count} tasks goes to this person; the server refuses a task whose step's role they do not hold, and the
        others go ahead.
      </p>
      <Field label="Find a person" hint="Name or email.">
        <input type="search" value={search} autoFocus onChange={(event) => setSearch(event.target.value)} />
      </Field>
      <Field label="Person" hint={users.isPending ? "Loading people…" : `${people.length} active ${people.length === 1 ? "person" : "people"}.`}>
        <select value={userId} required onChange={(event) => setUserId(event.target.value)}>
          <option value="">Choose a person…</option>
          {people.map((person) => (
            <option key={person.id} value={person.id}>
              {[person.first_name, person.last_name].filter(Boolean).join(" ") || person.email} ({person.email})
            </option>
          ))}
        </select>
      </Field>
      <Field label="Notes" hint="Optional.">
        <textarea rows={3} value={notes} onChange={(event) => setNotes(event.target.value)} />
      </Field>
      <FormButtons onCancel={onCancel} disabled={!userId} pending={running} />
    </form>
  );
}

function EscalateForm({ count, running, onCancel, onSubmit }: { count: number; running: boolean; onCancel: () => void; onSubmit: (reason: string) => void }) {
  const [reason, setReason] = useState("");
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (reason.trim()) onSubmit(reason.trim());
      }}
    >
      <p>Each of the {count} tasks goes to a member of its step's escalation role.</p>
      <Field label="Reason" hint="Required.">
        <textarea rows={3} required autoFocus value={reason} onChange={(event) => setReason(event.target.value)} />
      </Field>
      <FormButtons onCancel={onCancel} disabled={!reason.trim()} pending={running} />
    </form>
  );
}
