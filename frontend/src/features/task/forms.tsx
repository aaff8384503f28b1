import { ApiError } from "../../api/errors";
import type { TaskAssignee } from "../../api/types";
import { Field } from "../../components/Field";

/** The 400 field errors of a failed action, and what is left for a banner. */
export function describe(error: unknown, fields: string[]): { fieldErrors: Record<string, string>; banner: string | null } {
  if (!error) return { fieldErrors: {}, banner: null };
  if (!(error instanceof ApiError)) return { fieldErrors: {}, banner: error instanceof Error ? error.message : "The request failed." };
  const all = error.status === 400 ? error.fieldErrors : {};
  const fieldErrors: Record<string, string> = {};
  const leftover: string[] = [];
  for (const [field, message] of Object.entries(all)) {
    if (fields.includes(field)) fieldErrors[field] = message;
    else leftover.push(message);
  }
  const banner = Object.keys(all).length ? (leftover.length ? leftover.join(" ") : null) : error.message;
  return { fieldErrors, banner };
}

export function FormButtons({ onCancel, disabled, pending }: { onCancel: () => void; disabled: boolean; pending: boolean }) {
  return (
    <div className="form-actions">
      <button type="button" className="button" onClick={onCancel}>
        Cancel
      </button>
      <button type="submit" className="button button-primary" disabled={disabled || pending}>
        {pending ? "Working…" : "Confirm"}
      </button>
    </div>
  );
}


/** At a step held by several people: whose share an administrator's escalation or transfer moves (`from_user_id`). */
export function ShareSelect({ people, value, error, onChange }: { people: TaskAssignee[]; value: string; error?: string; onChange: (value: string) => void }) {
  return (
    <Field label="Whose share" error={error} hint="Several people hold this step; choose whose assignment moves.">
      <select value={value} required onChange={(event) => onChange(event.target.value)}>
        <option value="">Choose an assignee…</option>
        {people.map((person) => (
          <option key={person.user_id} value={person.user_id}>
            {person.user_full_name || person.user_email}
          </option>
        ))}
      </select>
    </Field>
  );
}
