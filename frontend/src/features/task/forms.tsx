import { ApiError } from "../../api/errors";

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

