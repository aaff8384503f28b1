import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Link } from "react-router-dom";
import { ApiError } from "../../api/errors";
import { StatusBadge, PriorityBadge } from "../../components/Badges";
import { formatDateTime } from "../../components/format";
import { Pagination } from "../../components/Pagination";
import { EmptyState, QueryState } from "../../components/States";
import { useUrlParams } from "../../components/useUrlParams";
import type { TaskStatus } from "../../api/types";
import { countLabel, SEARCH_PAGE_SIZE, searchComments, searchKeys, searchTasks, type CommentHit, type TaskHit } from "./api";
import { Highlighted } from "./highlight";
import "./search.css";

const pageOf = (value: string | null) => Math.max(1, Number.parseInt(value ?? "1", 10) || 1);

/** A 400 names what was wrong with `q` (too long...): say that rather than "something went wrong". */
function problemText(error: unknown): string | null {
  if (error instanceof ApiError && error.status === 400) return error.message;
  return null;
}

function TaskResults({ q, page, onPage }: { q: string; page: number; onPage: (page: number) => void }) {
  const query = useQuery({ queryKey: searchKeys.tasks(q, page), queryFn: () => searchTasks(q, page), placeholderData: keepPreviousData });
  return (
    <section className="card search-section" aria-labelledby="search-tasks">
      <h2 id="search-tasks">Tasks{query.data ? ` ${countLabel(query.data.count)}` : ""}</h2>
      {problemText(query.error) ? (
        <p role="alert">{problemText(query.error)}</p>
      ) : (
        <QueryState query={query} isEmpty={(data) => data.count === 0} empty={<EmptyState title="No task matches" />}>
          {(data) => (
            <>
              <ol className="search-results">
                {data.results.map((hit: TaskHit) => (
                  <li key={hit.id}>
                    <Link to={`/tasks/${hit.id}`} className="search-title">
                      <span className="mono">{hit.ticket_number}</span> <Highlighted text={hit.headline || hit.subject} />
                    </Link>
                    <div className="search-meta">
                      <StatusBadge status={hit.status as TaskStatus} /> <PriorityBadge priority={hit.priority} />
                      {hit.current_step_name && <span>{hit.current_step_name}</span>}
                      <span>received {formatDateTime(hit.received_at)}</span>
                    </div>
                    {hit.snippet && (
                      <p className="search-snippet">
                        <Highlighted text={hit.snippet} />
                      </p>
                    )}
                  </li>
                ))}
              </ol>
              <Pagination page={page} pageSize={SEARCH_PAGE_SIZE} count={data.count} onPage={onPage} />
            </>
          )}
        </QueryState>
      )}
    </section>
  );
}

function CommentResults({ q, page, onPage }: { q: string; page: number; onPage: (page: number) => void }) {
  const query = useQuery({ queryKey: searchKeys.comments(q, page), queryFn: () => searchComments(q, page), placeholderData: keepPreviousData });
  return (
    <section className="card search-section" aria-labelledby="search-comments">
      <h2 id="search-comments">Comments{query.data ? ` ${countLabel(query.data.count)}` : ""}</h2>
      {problemText(query.error) ? (
        <p role="alert">{problemText(query.error)}</p>
      ) : (
        <QueryState query={query} isEmpty={(data) => data.count === 0} empty={<EmptyState title="No comment matches" />}>
          {(data) => (
            <>
              <ol className="search-results">
                {data.results.map((hit: CommentHit) => (
                  <li key={hit.id}>
                    <Link to={`/tickets/${encodeURIComponent(hit.ticket_id)}`} className="search-title">
                      <span className="mono">{hit.ticket_id}</span>
                    </Link>
                    <div className="search-meta">
                      <span>
                        {hit.author_name || `User ${hit.user_id}`}
                        {hit.parent ? " replied" : " commented"}
                      </span>
                      <span>{formatDateTime(hit.created_at)}</span>
                    </div>
                    <p className="search-snippet">
                      <Highlighted text={hit.snippet} />
                    </p>
                  </li>
                ))}
              </ol>
              <Pagination page={page} pageSize={SEARCH_PAGE_SIZE} count={data.count} onPage={onPage} />
            </>
          )}
        </QueryState>
      )}
    </section>
  );
}

/**
 * /search?q=…: the tasks (workflow_api) and the comments (messaging) that match, each ranked by its own service,
 * side by side; each service answers for what the caller may see. `tpage`/`cpage` page each list.
 */
export function SearchPage() {
  const [params, update] = useUrlParams();
  const q = (params.get("q") ?? "").trim();
  if (!q) {
    return (
      <>
        <h1>Search</h1>
        <EmptyState title="Type in the search box above">Ticket numbers, subjects, descriptions, requesters, categories and comments are searched.</EmptyState>
      </>
    );
  }
  return (
    <>
      <h1>Search results for “{q}”</h1>
      <p className="muted">
        Words are matched in any form (“printers” finds “printer”); use quotes for a phrase, <code>-word</code> to leave one out, <code>or</code> for either.
      </p>
      <div className="search-columns">
        <TaskResults q={q} page={pageOf(params.get("tpage"))} onPage={(page) => update({ tpage: String(page) })} />
        <CommentResults q={q} page={pageOf(params.get("cpage"))} onPage={(page) => update({ cpage: String(page) })} />
      </div>
    </>
  );
}
