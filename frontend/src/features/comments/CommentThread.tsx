import { useEffect, useId, useState, type FormEvent, type KeyboardEvent } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { download } from "../../api/client";
import { ApiError } from "../../api/errors";
import { attachToComment, deleteComment, editComment, listComments, postComment } from "../../api/messaging";
import type { Comment, CommentAttachment } from "../../api/types";
import { useAuth } from "../../auth/AuthProvider";
import { Modal } from "../../components/Modal";
import { Banner, EmptyState, QueryState } from "../../components/States";
import { useToast } from "../../components/Toasts";
import { formatBytes, formatDateTime, formatRelative } from "../../components/format";
import { ComposerSnippets } from "../snippets/ComposerSnippets";
import { ComposerFiles, filesProblem } from "./ComposerFiles";
import { RatingButtons } from "./RatingButtons";
import { countComments, messagingPath } from "./threads";
import { commentsKey, useTicketSocket, type Typist } from "./useTicketSocket";
import "./comments.css";

const errorText = (error: unknown) => (error instanceof Error ? error.message : "The request failed.");

/** Keeps relative times ("3 min ago") moving. */
function useMinuteTick(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

interface ThreadContext {
  ticketId: string;
  ownUserId: number | undefined;
  isAdmin: boolean;
  now: number;
  merge: (comment: Comment) => void;
  notifyTyping: () => void;
  stopTyping: () => void;
  askDelete: (comment: Comment) => void;
}

/**
 * A ticket's comments, live: the threads over REST, every change pushed on
 * ws/tickets/<ticket>/ folded in, and the list read again after a reconnect.
 */
export function CommentThread({ ticketId }: { ticketId: string }) {
  const { claims, isAdmin } = useAuth();
  const toast = useToast();
  const now = useMinuteTick();
  const comments = useQuery({ queryKey: commentsKey(ticketId), queryFn: () => listComments(ticketId), enabled: Boolean(ticketId) });
  const { state, typing, notifyTyping, stopTyping, merge } = useTicketSocket(ticketId, claims?.user_id);
  const [toDelete, setToDelete] = useState<Comment | null>(null);

  const remove = useMutation({
    mutationFn: (comment: Comment) => deleteComment(comment.id),
    onSuccess: (_, comment) => {
      merge({ ...comment, is_deleted: true, content: "", attachments: [], updated_at: new Date().toISOString() });
      setToDelete(null);
      toast({ title: "Comment deleted", kind: "success" });
    },
  });

  const context: ThreadContext = {
    ticketId,
    ownUserId: claims?.user_id,
    isAdmin,
    now,
    merge,
    notifyTyping,
    stopTyping,
    askDelete: (comment) => {
      remove.reset();
      setToDelete(comment);
    },
  };

  const count = comments.data ? countComments(comments.data) : 0;
  return (
    <section className="card comments" aria-labelledby="comments-title">
      <div className="card-header">
        <h2 id="comments-title">
          Comments{comments.data && count > 0 ? <span className="muted comments-count"> · {count}</span> : null}
        </h2>
        <span className={`comments-live comments-live-${state}`} role="status">
          <span className="live-dot-inline" aria-hidden="true" />
          {state === "open" ? "Live" : state === "connecting" ? "Connecting…" : "Offline, reconnecting…"}
        </span>
      </div>
      <QueryState query={comments} isEmpty={(threads) => threads.length === 0} empty={<EmptyState title="No comments yet">Start the conversation below.</EmptyState>}>
        {(threads) => (
          <ol className="comment-list">
            {threads.map((thread) => (
              <li key={thread.id}>
                <CommentItem comment={thread} context={context} />
                {thread.replies && thread.replies.length > 0 && (
                  <ol className="comment-replies" aria-label={`Replies to ${thread.is_deleted ? "a deleted comment" : thread.author_name}`}>
                    {thread.replies.map((reply) => (
                      <li key={reply.id}>
                        <CommentItem comment={reply} context={context} />
                      </li>
                    ))}
                  </ol>
                )}
              </li>
            ))}
          </ol>
        )}
      </QueryState>
      <TypingIndicator typing={typing} />
      <Composer
        label="Add a comment"
        submitLabel="Post comment"
        context={context}
        onPosted={() => toast({ title: "Comment posted", kind: "success" })}
      />
      <Modal title="Delete this comment?" open={toDelete !== null} onClose={() => setToDelete(null)}>
        {toDelete && (
          <>
            <p>
              {toDelete.user_id === claims?.user_id ? "Your comment" : `${toDelete.author_name}'s comment`} will be removed for everyone.
              {(toDelete.replies || []).some((reply) => !reply.is_deleted) ? " Its replies stay." : ""}
            </p>
            {toDelete.content && <blockquote className="comment-quote">{toDelete.content}</blockquote>}
            {remove.isError && <Banner>{errorText(remove.error)}</Banner>}
            <div className="form-actions">
              <button type="button" className="button" onClick={() => setToDelete(null)}>
                Cancel
              </button>
              <button type="button" className="button button-danger" disabled={remove.isPending} onClick={() => remove.mutate(toDelete)}>
                {remove.isPending ? "Deleting…" : "Delete comment"}
              </button>
            </div>
          </>
        )}
      </Modal>
    </section>
  );
}

function TypingIndicator({ typing }: { typing: Typist[] }) {
  let text = "";
  if (typing.length === 1) text = `${typing[0].name} is typing…`;
  else if (typing.length === 2) text = `${typing[0].name} and ${typing[1].name} are typing…`;
  else if (typing.length > 2) text = `${typing.length} people are typing…`;
  return (
    <p className="typing-indicator" aria-live="polite" data-testid="typing-indicator">
      {text}
    </p>
  );
}

/** A textarea, the files to send with it, and its button: a new comment, or (with `parent`) a reply. Ctrl/⌘+Enter sends. */
function Composer({
  label,
  submitLabel,
  context,
  parent = null,
  autoFocus,
  onPosted,
  onCancel,
}: {
  label: string;
  submitLabel: string;
  context: ThreadContext;
  parent?: number | null;
  autoFocus?: boolean;
  onPosted?: () => void;
  onCancel?: () => void;
}) {
  const id = useId();
  const [text, setText] = useState("");
  const [files, setFiles] = useState<File[]>([]);
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const post = useMutation({
    mutationFn: () => postComment(context.ticketId, text.trim(), parent, files),
    onSuccess: (comment) => {
      context.merge(comment);
      setText("");
      setFiles([]);
      onPosted?.();
    },
  });
  const fieldError = post.error instanceof ApiError ? post.error.fieldErrors.content : undefined;
  const fileError = fileProblem ?? (post.error instanceof ApiError ? post.error.fieldErrors.file : undefined);

  function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!text.trim() || post.isPending) return;
    setFileProblem(null);
    context.stopTyping();
    post.mutate();
  }

  function addFiles(chosen: File[]) {
    post.reset(); // a new attempt: the last one's error goes
    const problem = filesProblem(chosen, files.length);
    setFileProblem(problem);
    if (!problem) setFiles((current) => [...current, ...chosen]);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) submit();
    if (event.key === "Escape" && onCancel) onCancel();
  }

  return (
    <form className={parent ? "composer composer-reply" : "composer"} onSubmit={submit}>
      <div className={`field${fieldError ? " field-invalid" : ""}`}>
        <label htmlFor={id}>{label}</label>
        <textarea
          id={id}
          rows={parent ? 2 : 3}
          value={text}
          autoFocus={autoFocus}
          maxLength={10000}
          aria-invalid={fieldError ? true : undefined}
          onKeyDown={onKeyDown}
          onChange={(event) => {
            setText(event.target.value);
            if (event.target.value) context.notifyTyping();
            else context.stopTyping();
          }}
          onBlur={() => !text && context.stopTyping()}
        />
        {fieldError && <small className="field-error">{fieldError}</small>}
      </div>
      <ComposerSnippets textareaId={id} value={text} onChange={setText} />
      <ComposerFiles
        files={files}
        error={fileError}
        disabled={post.isPending}
        onAdd={addFiles}
        onRemove={(index) => {
          post.reset();
          setFileProblem(null);
          setFiles((current) => current.filter((_, at) => at !== index));
        }}
      />
      {post.isError && !fieldError && !fileError && <Banner>{errorText(post.error)}</Banner>}
      <div className="composer-actions">
        <small className="muted hide-narrow">Ctrl+Enter to send</small>
        {onCancel && (
          <button type="button" className="button button-small" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" className="button button-primary button-small" disabled={!text.trim() || post.isPending}>
          {post.isPending ? "Posting…" : submitLabel}
        </button>
      </div>
    </form>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "?") + (parts.length > 1 ? parts[parts.length - 1][0] : "")).toUpperCase();
}

function CommentItem({ comment, context }: { comment: Comment; context: ThreadContext }) {
  const toast = useToast();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(comment.content);
  const [replying, setReplying] = useState(false);
  const editId = useId();
  const fileId = useId();
  const own = comment.user_id === context.ownUserId;
  const topLevel = comment.parent === null || comment.parent === undefined;

  const save = useMutation({
    mutationFn: () => editComment(comment.id, draft.trim()),
    onSuccess: (saved) => {
      context.merge(saved);
      setEditing(false);
    },
  });
  const [attachProblem, setAttachProblem] = useState<string | null>(null);
  const attach = useMutation({
    mutationFn: (files: File[]) => attachToComment(comment.id, files),
    onSuccess: (updated) => {
      context.merge(updated);
      toast({ title: "Files attached", kind: "success" });
    },
  });

  if (comment.is_deleted) {
    return (
      <article className="comment comment-deleted" data-testid="comment" data-comment-id={comment.id}>
        <p className="muted">
          <em>This comment was deleted.</em>
        </p>
      </article>
    );
  }

  return (
    <article className={`comment${own ? " comment-own" : ""}`} data-testid="comment" data-comment-id={comment.id} aria-label={`Comment by ${comment.author_name}`}>
      <div className="comment-avatar" aria-hidden="true">
        {initials(comment.author_name || "?")}
      </div>
      <div className="comment-main">
        <header className="comment-meta">
          <strong>{comment.author_name || `User ${comment.user_id}`}</strong>
          {own && <span className="badge">you</span>}
          <time dateTime={comment.created_at} title={formatDateTime(comment.created_at)} className="muted">
            {formatRelative(comment.created_at, context.now)}
          </time>
          {comment.is_edited && (
            <span className="muted comment-edited" title={comment.edited_at ? `Edited ${formatDateTime(comment.edited_at)}` : undefined}>
              (edited)
            </span>
          )}
        </header>

        {editing ? (
          <form
            className="comment-edit"
            onSubmit={(event) => {
              event.preventDefault();
              if (draft.trim()) save.mutate();
            }}
          >
            <div className="field">
              <label htmlFor={editId}>Edit comment</label>
              <textarea
                id={editId}
                rows={3}
                value={draft}
                autoFocus
                maxLength={10000}
                onChange={(event) => setDraft(event.target.value)}
                onKeyDown={(event) => event.key === "Escape" && setEditing(false)}
              />
            </div>
            {save.isError && <Banner>{errorText(save.error)}</Banner>}
            <div className="composer-actions">
              <button type="button" className="button button-small" onClick={() => setEditing(false)}>
                Cancel
              </button>
              <button type="submit" className="button button-primary button-small" disabled={!draft.trim() || save.isPending}>
                {save.isPending ? "Saving…" : "Save"}
              </button>
            </div>
          </form>
        ) : (
          <p className="comment-text">{comment.content}</p>
        )}

        {comment.attachments.length > 0 && (
          <ul className="comment-attachments" aria-label="Attachments">
            {comment.attachments.map((attachment) => (
              <li key={attachment.id}>
                <AttachmentLink attachment={attachment} />
              </li>
            ))}
          </ul>
        )}
        {(attachProblem || attach.isError) && <Banner>{attachProblem ?? errorText(attach.error)}</Banner>}

        <div className="comment-actions">
          <RatingButtons comment={comment} ownUserId={context.ownUserId} onRated={context.merge} />
          {topLevel && (
            <button type="button" className="button button-ghost button-small" aria-expanded={replying} onClick={() => setReplying((open) => !open)}>
              Reply
            </button>
          )}
          {own && !editing && (
            <button
              type="button"
              className="button button-ghost button-small"
              onClick={() => {
                setDraft(comment.content);
                save.reset();
                setEditing(true);
              }}
            >
              Edit
            </button>
          )}
          {own && (
            <label className="button button-ghost button-small file-button" htmlFor={fileId}>
              {attach.isPending ? "Attaching…" : "Attach"}
              <input
                id={fileId}
                type="file"
                multiple
                className="visually-hidden"
                aria-label="Attach files"
                disabled={attach.isPending}
                onChange={(event) => {
                  const files = Array.from(event.target.files || []);
                  event.target.value = "";
                  if (!files.length) return;
                  attach.reset(); // a new attempt: the last one's error goes
                  const problem = filesProblem(files);
                  setAttachProblem(problem);
                  if (!problem) attach.mutate(files);
                }}
              />
            </label>
          )}
          {(own || context.isAdmin) && (
            <button type="button" className="button button-ghost button-small comment-delete" onClick={() => context.askDelete(comment)}>
              Delete
            </button>
          )}
        </div>

        {replying && (
          <Composer
            label={`Reply to ${comment.author_name}`}
            submitLabel="Post reply"
            context={context}
            parent={comment.id}
            autoFocus
            onPosted={() => setReplying(false)}
            onCancel={() => setReplying(false)}
          />
        )}
      </div>
    </article>
  );
}

function AttachmentLink({ attachment }: { attachment: CommentAttachment }) {
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="attachment-chip"
      disabled={busy}
      title={`${attachment.content_type}${attachment.width && attachment.height ? `, ${attachment.width}×${attachment.height}` : ""}`}
      onClick={async () => {
        setBusy(true);
        try {
          await download("messaging", messagingPath(attachment.download_url), attachment.file_name);
        } catch (error) {
          toast({ title: `Could not download ${attachment.file_name}`, body: errorText(error), kind: "error" });
        } finally {
          setBusy(false);
        }
      }}
    >
      <span aria-hidden="true">📎</span>
      <span>Download {attachment.file_name}</span>
      <span className="muted">{formatBytes(attachment.size)}</span>
    </button>
  );
}
