import { useEffect, useId, useRef, useState } from "react";
import { useParams } from "react-router-dom";
import { useQuery } from "@tanstack/react-query";
import { Modal } from "../../components/Modal";
import { listSnippets, matchSnippets, renderSnippet, slashCommand, snippetKeys, spliceText, type Snippet } from "./api";
import { SnippetLibrary } from "./SnippetLibrary";
import "./snippets.css";

/**
 * Canned replies in a comment box: `/` then a shortcut offers the matching snippets (arrows, Enter or Tab to insert,
 * Escape to dismiss), and "Snippets" opens the picker (and the person's library). The snippet is filled in for the
 * task of the page (GET /snippets/{id}/render/?task=) and replaces the `/command`, or goes where the caret was.
 * Mounted inside the composer with its textarea's id, value and setter.
 */
export function ComposerSnippets({ textareaId, value, onChange }: { textareaId: string; value: string; onChange: (text: string) => void }) {
  const { taskId = "" } = useParams();
  const listboxId = useId();
  const snippets = useQuery({ queryKey: snippetKeys.all, queryFn: listSnippets, staleTime: 60_000 });
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const [pickerOpen, setPickerOpen] = useState(false);
  const [failure, setFailure] = useState("");
  const command = slashCommand(value, Math.min(caret, value.length));
  const commandKey = command ? `${command.start}:${command.query}` : null;
  const options = command && commandKey !== dismissed ? matchSnippets(snippets.data?.results ?? [], command.query) : [];
  const open = options.length > 0;
  const state = useRef({ open, options, active, command });
  state.current = { open, options, active, command };

  async function insert(snippet: Snippet, range: { start: number; end: number }) {
    setFailure("");
    let body = snippet.body;
    if (taskId) {
      try {
        body = (await renderSnippet(snippet.id, taskId)).body;
      } catch (error) {
        setFailure(`Could not fill in “${snippet.title}”: ${error instanceof Error ? error.message : "the request failed"}.`);
        return;
      }
    }
    const next = spliceText(value, range.start, range.end, body);
    onChange(next.text);
    setCaret(next.caret);
    requestAnimationFrame(() => {
      const textarea = document.getElementById(textareaId) as HTMLTextAreaElement | null;
      textarea?.focus();
      textarea?.setSelectionRange(next.caret, next.caret);
    });
  }
  const insertRef = useRef(insert);
  insertRef.current = insert;

  useEffect(() => setActive(0), [commandKey]);

  useEffect(() => {
    const textarea = document.getElementById(textareaId) as HTMLTextAreaElement | null;
    if (!textarea) return;
    const track = () => setCaret(textarea.selectionStart ?? textarea.value.length);
    const onKey = (event: KeyboardEvent) => {
      const { open: showing, options: shown, active: index, command: typed } = state.current;
      if (!showing || !typed) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        setActive((index + (event.key === "ArrowDown" ? 1 : shown.length - 1)) % shown.length);
      } else if (event.key === "Enter" || event.key === "Tab") {
        if (event.ctrlKey || event.metaKey) return;
        event.preventDefault();
        event.stopPropagation();
        void insertRef.current(shown[index], { start: typed.start, end: textarea.selectionStart ?? typed.start });
      } else if (event.key === "Escape") {
        event.stopPropagation();
        setDismissed(`${typed.start}:${typed.query}`);
      }
    };
    const events = ["input", "keyup", "click", "focus", "select"] as const;
    events.forEach((name) => textarea.addEventListener(name, track));
    textarea.addEventListener("keydown", onKey);
    return () => {
      events.forEach((name) => textarea.removeEventListener(name, track));
      textarea.removeEventListener("keydown", onKey);
    };
  }, [textareaId]);

  // The textarea (a textbox: aria-expanded and the combobox role are not allowed on it) names the suggestions and the
  // active one; it belongs to the composer, so they are set here.
  useEffect(() => {
    const textarea = document.getElementById(textareaId);
    if (!textarea) return;
    textarea.setAttribute("aria-autocomplete", "list");
    if (open) {
      textarea.setAttribute("aria-controls", listboxId);
      textarea.setAttribute("aria-activedescendant", `${listboxId}-${active}`);
    } else {
      textarea.removeAttribute("aria-controls");
      textarea.removeAttribute("aria-activedescendant");
    }
  }, [textareaId, listboxId, open, active]);

  return (
    <div className="composer-snippets">
      {open && command && (
        <ul id={listboxId} role="listbox" aria-label="Snippets" className="snippet-suggestions">
          {options.map((snippet, index) => (
            <li
              key={snippet.id}
              id={`${listboxId}-${index}`}
              role="option"
              aria-selected={index === active}
              className={index === active ? "snippet-option snippet-option-active" : "snippet-option"}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => void insert(snippet, { start: command.start, end: Math.min(caret, value.length) })}
            >
              <span className="mono">/{snippet.shortcut}</span> <span>{snippet.title}</span>
              {snippet.is_shared && <span className="muted"> · shared</span>}
            </li>
          ))}
        </ul>
      )}
      <p className="visually-hidden" aria-live="polite">
        {open ? `${options.length} ${options.length === 1 ? "snippet matches" : "snippets match"}; arrows to choose, Enter to insert.` : ""}
      </p>
      {failure && (
        <small className="field-error" role="alert">
          {failure}
        </small>
      )}
      <button type="button" className="button button-small" aria-haspopup="dialog" onClick={() => setPickerOpen(true)}>
        Snippets
      </button>
      <Modal title="Snippets" open={pickerOpen} onClose={() => setPickerOpen(false)}>
        <SnippetLibrary
          onInsert={(snippet) => {
            setPickerOpen(false);
            const at = Math.min(caret, value.length);
            void insert(snippet, { start: at, end: at });
          }}
        />
      </Modal>
    </div>
  );
}
