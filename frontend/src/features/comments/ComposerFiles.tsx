import { useId, useRef } from "react";
import { formatBytes } from "../../components/format";

/** The server's limits (messaging's MESSAGING_MAX_FILES_PER_UPLOAD and MESSAGING_MAX_ATTACHMENT_BYTES). */
export const MAX_FILES = 10;
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/**
 * What is wrong with attaching `files` (next to `already` chosen ones) before anything is sent: an empty file, one
 * over the size limit, or too many at once; null when they may go. The server checks the content itself (the type).
 */
export function filesProblem(files: File[], already = 0): string | null {
  const empty = files.find((file) => file.size === 0);
  if (empty) return `${empty.name} is empty; choose another file.`;
  const large = files.find((file) => file.size > MAX_FILE_BYTES);
  if (large) return `${large.name} is larger than ${formatBytes(MAX_FILE_BYTES)}, the most one file may be.`;
  if (already + files.length > MAX_FILES) return `At most ${MAX_FILES} files at once.`;
  return null;
}

/**
 * The files chosen in a comment box before it is posted: an "Attach files" button (a real file input, keyboard
 * reachable), each chosen file as a chip with its size and a Remove button, and the error of the last attempt (ours
 * or the server's, which names `file`) until the next one.
 */
export function ComposerFiles({
  files,
  error,
  disabled,
  onAdd,
  onRemove,
}: {
  files: File[];
  error?: string | null;
  disabled?: boolean;
  onAdd: (files: File[]) => void;
  onRemove: (index: number) => void;
}) {
  const inputId = useId();
  const errorId = useId();
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="composer-files">
      {files.length > 0 && (
        <ul className="comment-attachments composer-file-list" aria-label="Files to attach">
          {files.map((file, index) => (
            <li key={`${file.name}-${index}`} className="attachment-chip composer-file">
              <span aria-hidden="true">📎</span>
              <span>{file.name}</span>
              <span className="muted">{formatBytes(file.size)}</span>
              <button
                type="button"
                className="button button-ghost button-small"
                aria-label={`Remove ${file.name}`}
                disabled={disabled}
                onClick={() => {
                  onRemove(index);
                  input.current?.focus();
                }}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
      <label className="button button-ghost button-small file-button" htmlFor={inputId}>
        <span aria-hidden="true">📎</span> Attach files
        <input
          ref={input}
          id={inputId}
          type="file"
          multiple
          className="visually-hidden"
          aria-label="Attach files"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          disabled={disabled}
          onChange={(event) => {
            const chosen = Array.from(event.target.files || []);
            event.target.value = ""; // the same file may be chosen again
            if (chosen.length) onAdd(chosen);
          }}
        />
      </label>
      {error && (
        <small id={errorId} className="field-error composer-file-error" role="alert">
          {error}
        </small>
      )}
    </div>
  );
}
