import { useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useAuth } from "../../auth/AuthProvider";
import { ApiError } from "../../api/errors";
import { Field } from "../../components/Field";
import { Banner } from "../../components/States";
import { createSnippet, PLACEHOLDERS, snippetKeys, updateSnippet, type Snippet, type SnippetDraft } from "./api";

export const BODY_MAX_LENGTH = 5000;

/** Write or edit a snippet; the server's refusals (a taken shortcut, an unknown placeholder) under their fields. */
export function SnippetForm({ snippet, onDone }: { snippet: Snippet | null; onDone: () => void }) {
  const { isAdmin } = useAuth();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<SnippetDraft>(
    snippet ? { title: snippet.title, shortcut: snippet.shortcut, body: snippet.body, is_shared: snippet.is_shared } : { title: "", shortcut: "", body: "", is_shared: false },
  );
  const save = useMutation({
    mutationFn: () => (snippet ? updateSnippet(snippet.id, draft) : createSnippet(draft)),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: snippetKeys.all });
      onDone();
    },
  });
  const fields = save.error instanceof ApiError ? save.error.fieldErrors : {};
  const named = Boolean(fields.title || fields.shortcut || fields.body || fields.is_shared);
  const set = (changes: Partial<SnippetDraft>) => setDraft((current) => ({ ...current, ...changes }));

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!save.isPending) save.mutate();
  }

  return (
    <form onSubmit={submit} noValidate className="snippet-form">
      <h3>{snippet ? `Edit “${snippet.title}”` : "New snippet"}</h3>
      <Field label="Title" error={fields.title}>
        <input value={draft.title} maxLength={120} required autoFocus onChange={(event) => set({ title: event.target.value })} />
      </Field>
      <Field label="Shortcut" error={fields.shortcut} hint="Typed as /shortcut in a comment: letters, digits, - or _.">
        <input value={draft.shortcut} maxLength={41} required onChange={(event) => set({ shortcut: event.target.value })} />
      </Field>
      <Field label="Text" error={fields.body} hint={`Up to ${BODY_MAX_LENGTH.toLocaleString("en")} characters. Filled in: ${PLACEHOLDERS.map((name) => `{{${name}}}`).join(" ")}`}>
        <textarea rows={5} value={draft.body} maxLength={BODY_MAX_LENGTH} required onChange={(event) => set({ body: event.target.value })} />
      </Field>
      {isAdmin && (
        <>
          <label className="checkbox">
            <input type="checkbox" checked={draft.is_shared} onChange={(event) => set({ is_shared: event.target.checked })} /> Share with every agent
          </label>
          {fields.is_shared && <small className="field-error">{fields.is_shared}</small>}
        </>
      )}
      {save.isError && !named && <Banner>{save.error.message}</Banner>}
      <div className="form-actions">
        <button type="button" className="button" onClick={onDone}>
          Back
        </button>
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save snippet"}
        </button>
      </div>
    </form>
  );
}
