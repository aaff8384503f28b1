import { useState, type FormEvent } from "react";
import { useSearchParams } from "react-router-dom";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useAuth } from "../../auth/AuthProvider";
import { ApiError } from "../../api/errors";
import { listReplicaRoles } from "../../api/workflow";
import { Field } from "../../components/Field";
import { Modal } from "../../components/Modal";
import { Banner } from "../../components/States";
import { useToast } from "../../components/Toasts";
import { createSavedView, savedViewKeys, viewDraftFrom } from "./api";
import "./savedviews.css";

export const NAME_MAX_LENGTH = 80;

/** "Save view": keeps the task list's current filters and sort under a name (administrators may share it with a role). */
export function SaveViewButton({ scope }: { scope: "mine" | "all" }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="button button-small" onClick={() => setOpen(true)}>
        Save view
      </button>
      <Modal title="Save this view" open={open} onClose={() => setOpen(false)}>
        <SaveViewForm scope={scope} onDone={() => setOpen(false)} />
      </Modal>
    </>
  );
}

function SaveViewForm({ scope, onDone }: { scope: "mine" | "all"; onDone: () => void }) {
  const { isAdmin } = useAuth();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [name, setName] = useState("");
  const [role, setRole] = useState("");
  const roles = useQuery({ queryKey: ["replica-roles"], queryFn: listReplicaRoles, enabled: isAdmin });
  const draft = viewDraftFrom(params, scope);
  const save = useMutation({
    mutationFn: () => createSavedView({ ...draft, name: name.trim(), shared_with_role: role ? Number(role) : null }),
    onSuccess: (view) => {
      void queryClient.invalidateQueries({ queryKey: savedViewKeys.all });
      toast({ title: `View “${view.name}” saved`, kind: "success" });
      onDone();
    },
  });
  const problem = save.error instanceof ApiError ? save.error : null;
  const fields = problem?.fieldErrors ?? {};
  const other = [fields.filters, fields.ordering, ...(problem?.nonFieldErrors ?? [])].filter(Boolean);
  const inFields = Boolean(fields.name || fields.shared_with_role);
  const banner = save.isError ? (other.length ? other.join(" ") : inFields ? "" : save.error.message) : "";

  function submit(event: FormEvent) {
    event.preventDefault();
    if (name.trim() && !save.isPending) save.mutate();
  }

  return (
    <form onSubmit={submit} noValidate>
      <p className="muted">{describe(draft.filters, draft.ordering)}</p>
      <Field label="Name" error={fields.name} hint={`Up to ${NAME_MAX_LENGTH} characters, shown in the sidebar.`}>
        <input value={name} maxLength={NAME_MAX_LENGTH} required autoFocus onChange={(event) => setName(event.target.value)} />
      </Field>
      {isAdmin && (
        <Field label="Share with" error={fields.shared_with_role} hint="Everyone holding the role sees it, with their own count.">
          <select value={role} onChange={(event) => setRole(event.target.value)}>
            <option value="">Only me</option>
            {(roles.data?.results ?? []).map((item) => (
              <option key={item.role_id} value={item.role_id}>
                {item.name}
              </option>
            ))}
          </select>
        </Field>
      )}
      {banner && <Banner>{banner}</Banner>}
      <div className="form-actions">
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={!name.trim() || save.isPending}>
          {save.isPending ? "Saving…" : "Save view"}
        </button>
      </div>
    </form>
  );
}

const LABELS: Record<string, string> = { mine: "my tasks", status: "status", priority: "priority", breached: "SLA breached", search: "search" };

/** "Keeps: my tasks, status in_progress, sorted by -received_at" — what the view will hold, in words. */
export function describe(filters: Record<string, string>, ordering: string): string {
  const parts = Object.entries(filters).map(([key, value]) => (key === "mine" ? LABELS.mine : `${LABELS[key] ?? key} ${value}`));
  if (!("status" in filters)) parts.push("any status");
  return `Keeps: ${parts.join(", ")}${ordering ? `; sorted by ${ordering.replace(/^-/, "").replace(/_/g, " ")}${ordering.startsWith("-") ? " (descending)" : ""}` : ""}.`;
}
