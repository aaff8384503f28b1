import { useEffect, useState } from "react";
import { Link, useLocation } from "react-router-dom";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useAuth } from "../../auth/AuthProvider";
import { Modal } from "../../components/Modal";
import { Banner } from "../../components/States";
import { deleteSavedView, isAtLocation, listSavedViews, savedViewKeys, viewLocation, type SavedView } from "./api";
import "./savedviews.css";

const errorText = (error: unknown) => (error instanceof Error ? error.message : "The request failed.");

/** How often the counts are read again while the sidebar is shown, in ms. */
export const COUNT_REFRESH_MS = 30_000;

/** The sidebar's saved views: the person's own and those shared with their role, each with its live count (read again
 * every 30 s and whenever the task lists are). */
export function SavedViewsNav({ onNavigate }: { onNavigate?: () => void }) {
  const { isAdmin } = useAuth();
  const { pathname, search } = useLocation();
  const queryClient = useQueryClient();
  const views = useQuery({ queryKey: savedViewKeys.all, queryFn: listSavedViews, refetchInterval: COUNT_REFRESH_MS });
  // Whatever makes the task lists read again (a live assignment, a move) makes the counts read again too.
  useEffect(
    () =>
      queryClient.getQueryCache().subscribe((event) => {
        if (event.type === "updated" && event.action.type === "invalidate" && event.query.queryKey[0] === "tasks") {
          void queryClient.invalidateQueries({ queryKey: savedViewKeys.all }, { cancelRefetch: false });
        }
      }),
    [queryClient],
  );
  const [toDelete, setToDelete] = useState<SavedView | null>(null);
  const results = views.data?.results ?? [];
  if (views.isPending) return null;
  return (
    <div className="saved-views" role="group" aria-labelledby="saved-views-title">
      <h2 id="saved-views-title" className="saved-views-title">
        Saved views
      </h2>
      {views.isError && <p className="muted saved-views-note">Could not load your saved views.</p>}
      {!views.isError && results.length === 0 && <p className="muted saved-views-note">Save a task list's filters with “Save view”.</p>}
      <ul>
        {results.map((view) => {
          const location = viewLocation(view, isAdmin);
          const current = isAtLocation(location, pathname, search);
          return (
            <li key={view.id} className="saved-view">
              <Link
                to={location}
                className={current ? "active" : undefined}
                aria-current={current ? "page" : undefined}
                onClick={onNavigate}
                title={view.shared_with_role ? `Shared with ${view.shared_with_role.name}` : undefined}
              >
                <span className="saved-view-name">{view.name}</span> <ViewCount count={view.count} />
              </Link>
              {view.is_owner && (
                <button type="button" className="button button-ghost saved-view-delete" aria-label={`Delete saved view ${view.name}`} onClick={() => setToDelete(view)}>
                  <span aria-hidden="true">✕</span>
                </button>
              )}
            </li>
          );
        })}
      </ul>
      <DeleteDialog view={toDelete} onClose={() => setToDelete(null)} />
    </div>
  );
}

/** The count after the view's name; read as "3 tasks" (or that the filters no longer apply). */
function ViewCount({ count }: { count: number | null }) {
  return (
    <span className="saved-view-count" data-testid="saved-view-count" title={count === null ? "These filters no longer apply" : undefined}>
      {count === null ? "—" : count}
      <span className="visually-hidden">{count === null ? " (filters no longer apply)" : count === 1 ? " task" : " tasks"}</span>
    </span>
  );
}

function DeleteDialog({ view, onClose }: { view: SavedView | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: (id: number) => deleteSavedView(id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: savedViewKeys.all });
      onClose();
    },
  });
  return (
    <Modal title="Delete this saved view?" open={view !== null} onClose={onClose}>
      {view && (
        <>
          <p>
            “{view.name}” goes from your sidebar{view.shared_with_role ? ` and from everyone's with the ${view.shared_with_role.name} role` : ""}. The
            tasks stay as they are.
          </p>
          {remove.isError && <Banner>{errorText(remove.error)}</Banner>}
          <div className="form-actions">
            <button type="button" className="button" onClick={onClose}>
              Cancel
            </button>
            <button type="button" className="button button-danger" disabled={remove.isPending} onClick={() => remove.mutate(view.id)}>
              {remove.isPending ? "Deleting…" : "Delete view"}
            </button>
          </div>
        </>
      )}
    </Modal>
  );
}
