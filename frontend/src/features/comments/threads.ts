import type { Comment } from "../../api/types";

/** What a `comment_update` push says happened. */
export type CommentAction = "create" | "reply" | "update" | "delete" | "rate" | "attach_document";

export interface MergeResult {
  threads: Comment[];
  /** The change names a thread the cache does not hold (read the list again). */
  missing: boolean;
}

const byTime = (a: Comment, b: Comment) => Date.parse(a.created_at) - Date.parse(b.created_at) || a.id - b.id;
const hasLiveReplies = (thread: Comment) => (thread.replies || []).some((reply) => !reply.is_deleted);

/** The incoming copy wins unless it is older than the one held (pushes and REST answers may cross). */
function newer(held: Comment, incoming: Comment): Comment {
  const heldAt = Date.parse(held.updated_at);
  const incomingAt = Date.parse(incoming.updated_at);
  if (!Number.isNaN(heldAt) && !Number.isNaN(incomingAt) && incomingAt < heldAt) return held;
  return incoming;
}

/**
 * Folds one changed comment (a socket push or a REST answer) into the
 * ticket's threads, the way GET /comments/ would show them afterwards:
 * top-level comments oldest first, each with its replies, by id (a second
 * copy of the same change replaces the first), a deleted comment left out
 * unless live replies hang under it (then a tombstone).
 */
export function mergeComment(threads: Comment[], comment: Comment, action?: CommentAction): MergeResult {
  const deleted = action === "delete" || comment.is_deleted;
  if (comment.parent === null || comment.parent === undefined) {
    const index = threads.findIndex((thread) => thread.id === comment.id);
    if (index === -1) {
      if (deleted) return { threads, missing: false };
      return { threads: [...threads, { ...comment, replies: comment.replies ?? [] }].sort(byTime), missing: false };
    }
    const held = threads[index];
    const chosen = newer(held, comment);
    const merged: Comment = { ...chosen, replies: comment.replies ?? held.replies ?? [] };
    if (deleted && !hasLiveReplies(merged)) return { threads: threads.filter((thread) => thread.id !== comment.id), missing: false };
    const next = threads.slice();
    next[index] = merged;
    return { threads: next, missing: false };
  }

  const index = threads.findIndex((thread) => thread.id === comment.parent);
  if (index === -1) return { threads, missing: true };
  const thread = threads[index];
  const replies = thread.replies ?? [];
  const at = replies.findIndex((reply) => reply.id === comment.id);
  let nextReplies: Comment[];
  if (deleted) nextReplies = replies.filter((reply) => reply.id !== comment.id);
  else if (at === -1) nextReplies = [...replies, comment].sort(byTime);
  else {
    nextReplies = replies.slice();
    nextReplies[at] = newer(replies[at], comment);
  }
  const nextThread = { ...thread, replies: nextReplies };
  if (nextThread.is_deleted && !hasLiveReplies(nextThread)) return { threads: threads.filter((item) => item.id !== thread.id), missing: false };
  const next = threads.slice();
  next[index] = nextThread;
  return { threads: next, missing: false };
}

/** How many comments (replies included, tombstones not) the threads hold. */
export const countComments = (threads: Comment[]) =>
  threads.reduce((total, thread) => total + (thread.is_deleted ? 0 : 1) + (thread.replies || []).filter((reply) => !reply.is_deleted).length, 0);

/** A messaging download address as `download()` wants it: its path on messaging, whether the API gave a path or a full URL. */
export function messagingPath(downloadUrl: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(downloadUrl)) {
    try {
      const url = new URL(downloadUrl);
      return url.pathname + url.search;
    } catch {
      return downloadUrl;
    }
  }
  return downloadUrl.startsWith("/") ? downloadUrl : `/${downloadUrl}`;
}
