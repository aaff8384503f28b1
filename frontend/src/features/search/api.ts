import { request, type Page } from "../../api/client";

/** A task found by workflow_api's `GET /search/` (docs/api.md, "Search"). */
export interface TaskHit {
  id: number;
  ticket_number: string;
  subject: string;
  status: string;
  priority: string;
  current_step_name: string;
  received_at: string;
  rank: number;
  /** The whole subject, matches between the highlight markers (see highlight.ts). */
  headline: string;
  /** An excerpt of the description, requester and category, marked the same way; "" when nothing there matched. */
  snippet: string;
}

/** A comment found by messaging's `GET /api/v1/search/`. */
export interface CommentHit {
  id: number;
  ticket_id: string;
  parent: number | null;
  user_id: number;
  author_name: string;
  created_at: string;
  rank: number;
  snippet: string;
}

export const SEARCH_PAGE_SIZE = 10;
/** A common word finds its 1,000 newest matches only (tts_common.search.COMMON_WORD_MATCHES): that count means "or more". */
export const COMMON_WORD_MATCHES = 1000;

/** "(12)", or "(1000+)" for a common word's capped count. */
export const countLabel = (count: number) => (count >= COMMON_WORD_MATCHES ? `(${COMMON_WORD_MATCHES}+)` : `(${count})`);

export const searchKeys = {
  tasks: (q: string, page: number) => ["search", "tasks", q, page] as const,
  comments: (q: string, page: number) => ["search", "comments", q, page] as const,
};

export const searchTasks = (q: string, page = 1) =>
  request<Page<TaskHit>>("workflow", "/search/", { query: { q, page, page_size: SEARCH_PAGE_SIZE } });
export const searchComments = (q: string, page = 1) =>
  request<Page<CommentHit>>("messaging", "/api/v1/search/", { query: { q, page, page_size: SEARCH_PAGE_SIZE } });
