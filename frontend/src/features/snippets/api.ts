import { request, type Page } from "../../api/client";

/** A canned reply (workflow_api, docs/api.md "Snippets"): plain text with {{placeholders}}, typed as /shortcut. */
export interface Snippet {
  id: number;
  title: string;
  shortcut: string;
  body: string;
  is_shared: boolean;
  owner_user_id: number;
  is_owner: boolean;
  created_at: string;
  updated_at: string;
}

export interface SnippetDraft {
  title: string;
  shortcut: string;
  body: string;
  is_shared: boolean;
}

export const snippetKeys = { all: ["snippets"] as const };

export const listSnippets = () => request<Page<Snippet>>("workflow", "/snippets/", { query: { page_size: 200 } });
export const createSnippet = (draft: SnippetDraft) => request<Snippet>("workflow", "/snippets/", { method: "POST", body: draft });
export const updateSnippet = (id: number, draft: SnippetDraft) => request<Snippet>("workflow", `/snippets/${id}/`, { method: "PATCH", body: draft });
export const deleteSnippet = (id: number) => request<null>("workflow", `/snippets/${id}/`, { method: "DELETE" });
/** The snippet with the task's fields filled in, as plain text. */
export const renderSnippet = (id: number, taskId: string) =>
  request<{ title: string; body: string }>("workflow", `/snippets/${id}/render/`, { query: { task: taskId } });

/** The placeholders the server fills in (snippets/placeholders.py); anything else in braces is refused at save. */
export const PLACEHOLDERS = [
  "ticket_number",
  "subject",
  "priority",
  "status",
  "category",
  "requester_first_name",
  "requester_last_name",
  "requester_name",
  "requester_email",
  "agent_first_name",
  "agent_name",
] as const;

/** The `/command` being typed just before the caret (at the start or after a space), or null. */
export function slashCommand(text: string, caret: number): { start: number; query: string } | null {
  const match = /(^|\s)\/([a-z0-9_-]*)$/i.exec(text.slice(0, caret));
  if (!match) return null;
  return { start: caret - match[2].length - 1, query: match[2].toLowerCase() };
}

/** The snippets a `/query` offers: shortcuts starting with it first, then titles containing it; one per shortcut,
 * the person's own before a shared one; at most `limit`. */
export function matchSnippets(snippets: Snippet[], query: string, limit = 8): Snippet[] {
  const ranked = [...snippets].sort((a, b) => Number(b.is_owner) - Number(a.is_owner) || a.shortcut.localeCompare(b.shortcut));
  const seen = new Set<string>();
  const byShortcut = ranked.filter((snippet) => snippet.shortcut.startsWith(query));
  const byTitle = ranked.filter((snippet) => !snippet.shortcut.startsWith(query) && snippet.title.toLowerCase().includes(query));
  return [...byShortcut, ...byTitle]
    .filter((snippet) => {
      if (seen.has(snippet.shortcut)) return false;
      seen.add(snippet.shortcut);
      return true;
    })
    .slice(0, limit);
}

/** `text` with `insertion` in place of [start, end), and where the caret goes after it. */
export function spliceText(text: string, start: number, end: number, insertion: string): { text: string; caret: number } {
  return { text: text.slice(0, start) + insertion + text.slice(end), caret: start + insertion.length };
}
