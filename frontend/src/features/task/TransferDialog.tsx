import { useEffect, useId, useState, type KeyboardEvent } from "react";
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { listTransferCandidates, transferTask } from "../../api/workflow";
import type { TaskDetail, TransferCandidate } from "../../api/types";
import { Banner } from "../../components/States";
import { FormButtons, ShareSelect, describe } from "./forms";
import "./TransferDialog.css";

export const CANDIDATES_PAGE_SIZE = 20;
const SEARCH_DELAY_MS = 250;

const personName = (person: TransferCandidate) => person.user_full_name || person.user_email;

/** React's autoFocus sets no attribute; a native <dialog> opened by showModal() focuses the element that has one. */
const markAutofocus = (element: HTMLElement | null) => element?.setAttribute("autofocus", "");

/** `value`, settled for `delay` ms: the server is asked once the typing pauses. */
function useSettled(value: string, delay: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

/**
 * Transfer: a searchable combobox (WAI-ARIA 1.2 combobox with a listbox popup) over exactly the people the server
 * accepts: the active members of the step's role, minus whoever holds the task, searched by name or email on the
 * server. Arrow keys move through the list, Enter picks, Escape closes the list (a second Escape closes the dialog).
 * The server's refusal (`user_id`, `from_user_id`, `notes`) shows under its field.
 */
export function TransferDialog({ task, onCancel, onDone }: { task: TaskDetail; onCancel: () => void; onDone: (task: TaskDetail) => void }) {
  const [text, setText] = useState("");
  const search = useSettled(text.trim(), SEARCH_DELAY_MS);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [chosen, setChosen] = useState<TransferCandidate | null>(null);
  const [notes, setNotes] = useState("");
  const shares = (task.assignees ?? []).length > 1 ? task.assignees ?? [] : [];
  const [fromUserId, setFromUserId] = useState("");
  const ids = { input: useId(), list: useId(), hint: useId(), error: useId(), notes: useId(), status: useId() };

  const candidates = useQuery({
    // who may take it changes when the task moves or changes hands: ask again then
    queryKey: ["transfer-candidates", task.id, task.current_step?.id, task.current_step?.role, (task.assignees ?? []).map((a) => a.user_id).join(","), search],
    queryFn: () => listTransferCandidates(task.id, { search: search || undefined, page_size: CANDIDATES_PAGE_SIZE }),
    placeholderData: keepPreviousData,
    staleTime: 15_000,
  });
  const people = candidates.data?.results ?? [];
  const more = (candidates.data?.count ?? 0) - people.length;

  const mutation = useMutation({
    mutationFn: () => transferTask(task.id, chosen!.user_id, notes.trim(), fromUserId ? Number(fromUserId) : undefined),
    onSuccess: onDone,
  });
  const { fieldErrors, banner } = describe(mutation.error, ["user_id", "notes", "from_user_id"]);
  const ready = chosen !== null && (shares.length === 0 || Boolean(fromUserId));
  const role = task.current_step?.role;

  function pick(person: TransferCandidate) {
    setChosen(person);
    setText(personName(person));
    setOpen(false);
    setActive(-1);
    mutation.reset();
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!open) setOpen(true);
      if (people.length === 0) return;
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((current) => (current + step + people.length) % people.length);
    } else if (event.key === "Home" && open && people.length) {
      event.preventDefault();
      setActive(0);
    } else if (event.key === "End" && open && people.length) {
      event.preventDefault();
      setActive(people.length - 1);
    } else if (event.key === "Enter") {
      event.preventDefault(); // never submits the form half-chosen
      if (open && active >= 0 && people[active]) pick(people[active]);
    } else if (event.key === "Escape" && open) {
      event.preventDefault(); // closes the list, not the dialog
      event.stopPropagation();
      setOpen(false);
      setActive(-1);
    }
  }

  const activeId = open && active >= 0 && people[active] ? `${ids.list}-${people[active].user_id}` : undefined;
  const userError = fieldErrors.user_id;
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (ready) mutation.mutate();
      }}
    >
      <p>
        {task.assignee ? (
          <>
            Now with <strong>{task.assignee.user_full_name || task.assignee.user_email}</strong>.
          </>
        ) : (
          "Nobody holds this task now."
        )}
      </p>
      {banner && <Banner>{banner}</Banner>}
      {shares.length > 0 && <ShareSelect people={shares} value={fromUserId} error={fieldErrors.from_user_id} onChange={setFromUserId} />}
      <div className={`field combobox${userError ? " field-invalid" : ""}`}>
        <label htmlFor={ids.input}>Person</label>
        <input
          id={ids.input}
          type="text"
          role="combobox"
          autoComplete="off"
          autoFocus
          ref={markAutofocus}
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={ids.list}
          aria-activedescendant={activeId}
          aria-describedby={[ids.hint, userError ? ids.error : ""].filter(Boolean).join(" ")}
          aria-invalid={userError ? true : undefined}
          placeholder="Search by name or email"
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setChosen(null);
            setOpen(true);
            setActive(-1);
          }}
          onFocus={() => setOpen(true)}
          onClick={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={onKeyDown}
        />
        <small id={ids.hint} className="field-hint">
          {role ? `Active members of ${role} who do not hold the task.` : "People who may take the task."}
        </small>
        {userError && (
          <small id={ids.error} className="field-error">
            {userError}
          </small>
        )}
        <ul id={ids.list} role="listbox" aria-label="People who may take the task" className="combobox-list" hidden={!open}>
          {people.map((person, index) => (
            <li
              key={person.user_id}
              id={`${ids.list}-${person.user_id}`}
              role="option"
              aria-selected={index === active || chosen?.user_id === person.user_id}
              className={`combobox-option${index === active ? " combobox-option-active" : ""}`}
              onMouseDown={(event) => event.preventDefault()} // keeps focus in the input
              onClick={() => pick(person)}
            >
              <span className="combobox-name">{personName(person)}</span>
              <span className="muted combobox-detail">
                {person.user_email} · holds {person.active_assignments} task{person.active_assignments === 1 ? "" : "s"}
              </span>
            </li>
          ))}
        </ul>
        <p id={ids.status} className="muted combobox-status" role="status" aria-live="polite">
          {candidates.isError
            ? `Could not load the people: ${candidates.error instanceof Error ? candidates.error.message : "the request failed"}.`
            : candidates.isPending
            ? "Loading people…"
            : people.length === 0
            ? search
              ? `Nobody in ${role ?? "the role"} matches “${search}”.`
              : `No other active member of ${role ?? "the step's role"} to transfer to.`
            : open && more > 0
            ? `${people.length} of ${candidates.data!.count} shown; type to narrow.`
            : chosen
            ? `${personName(chosen)} chosen.`
            : ""}
        </p>
      </div>
      <div className="field">
        <label htmlFor={ids.notes}>Notes</label>
        <textarea id={ids.notes} value={notes} rows={3} aria-describedby={`${ids.notes}-hint`} onChange={(event) => setNotes(event.target.value)} />
        <small id={`${ids.notes}-hint`} className="field-hint">
          Optional.
        </small>
        {fieldErrors.notes && <small className="field-error">{fieldErrors.notes}</small>}
      </div>
      <FormButtons onCancel={onCancel} disabled={!ready} pending={mutation.isPending} />
    </form>
  );
}
