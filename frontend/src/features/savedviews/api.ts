import { request, type Page } from "../../api/client";
import { taskQuery } from "../inbox/InboxPage";

/** A saved view (workflow_api, docs/api.md "Saved views"): GET /tasks/ filters and sort under a name, with a live count. */
export interface SavedView {
  id: number;
  name: string;
  /** GET /tasks/ query parameters, as text ("true", "High"). */
  filters: Record<string, string>;
  /** As ?ordering= on GET /tasks/; "" for the list's default. */
  ordering: string;
  shared_with_role: { role_id: number; name: string } | null;
  owner_user_id: number;
  is_owner: boolean;
  /** Tasks the view lists for the caller now; null when its filters no longer apply. */
  count: number | null;
  created_at: string;
  updated_at: string;
}

export interface SavedViewDraft {
  name: string;
  filters: Record<string, string>;
  ordering: string;
  shared_with_role: number | null;
}

export const savedViewKeys = { all: ["saved-views"] as const };

export const listSavedViews = () => request<Page<SavedView>>("workflow", "/saved-views/", { query: { page_size: 100 } });
export const createSavedView = (draft: SavedViewDraft) => request<SavedView>("workflow", "/saved-views/", { method: "POST", body: draft });
export const deleteSavedView = (id: number) => request<null>("workflow", `/saved-views/${id}/`, { method: "DELETE" });

/** The list filters the console's task pages set (the rest of a view's filters, made over the API, are not shown there). */
const PAGE_FILTERS = ["status", "priority", "breached", "search"] as const;

/** What a view saved from the inbox ("mine") or All tasks ("all") at these search parameters keeps: the filters
 * GET /tasks/ is asked with (the inbox's own `mine` and its default status included) and the sort. */
export function viewDraftFrom(params: URLSearchParams, scope: "mine" | "all"): Omit<SavedViewDraft, "name" | "shared_with_role"> {
  const query = taskQuery(params, scope);
  const filters: Record<string, string> = {};
  if (query.mine) filters.mine = "true";
  for (const key of PAGE_FILTERS) {
    const value = query[key];
    if (value !== undefined && value !== "") filters[key] = String(value);
  }
  return { filters, ordering: query.ordering };
}

/** Where a view opens: the inbox for a view of one's own tasks (and for anyone but administrators, who alone have
 * All tasks), else All tasks, with the view's filters and sort in the address. */
export function viewLocation(view: Pick<SavedView, "filters" | "ordering">, isAdmin: boolean): string {
  const inbox = view.filters.mine === "true" || !isAdmin;
  const params = new URLSearchParams();
  for (const key of PAGE_FILTERS) {
    const value = view.filters[key];
    if (value) params.set(key, value);
  }
  // The inbox shows tasks in progress unless told otherwise: a view without a status means any.
  if (inbox && !params.has("status")) params.set("status", "any");
  if (view.ordering) params.set("ordering", view.ordering);
  params.sort();
  return `${inbox ? "/inbox" : "/tasks"}?${params.toString()}`;
}

/** Whether the page at `pathname` + `search` shows the view at `location`: the same page asking GET /tasks/ the same
 * (its defaults applied: the inbox's status, the newest first; the page number aside). */
export function isAtLocation(location: string, pathname: string, search: string): boolean {
  const [path, query = ""] = location.split("?");
  if (path !== pathname) return false;
  const scope = path === "/inbox" ? "mine" : "all";
  const same = (draft: ReturnType<typeof viewDraftFrom>) => JSON.stringify([Object.entries(draft.filters).sort(), draft.ordering]);
  return same(viewDraftFrom(new URLSearchParams(search), scope)) === same(viewDraftFrom(new URLSearchParams(query), scope));
}
