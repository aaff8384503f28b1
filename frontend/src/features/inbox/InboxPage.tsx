import type { ReactNode } from "react";
import { SearchField } from "../../components/SearchField";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Link } from "react-router-dom";
import { useUrlParams } from "../../components/useUrlParams";
import { listTasks } from "../../api/workflow";
import type { TaskSummary } from "../../api/types";
import { PriorityBadge, StatusBadge } from "../../components/Badges";
import { Pagination } from "../../components/Pagination";
import { EmptyState, QueryState } from "../../components/States";
import { formatRelative } from "../../components/format";
import { TaskAssigneeCell, TaskSlaCell } from "./TaskCells";
import { useLivePolling } from "../../live/liveStatus";
import { SaveViewButton } from "../savedviews/SaveViewButton";
import { useAuth } from "../../auth/AuthProvider";
import { TaskListBulk, type TaskListBulkProps } from "../bulk/TaskListBulk";
import { SelectAllHeader, SelectCell } from "../bulk/SelectCells";

export const PAGE_SIZE = 20;

/**
 * The sortable columns, the API ordering each one uses and the direction of its first click: Priority puts
 * Critical and High first (priority_rank is 1 Low ... 4 Critical), Received the newest, SLA the nearest target.
 */
export const SORTS: { key: string; label: string; first: "asc" | "desc" }[] = [
  { key: "priority_rank", label: "Priority", first: "desc" },
  { key: "status", label: "Status", first: "asc" },
  { key: "target_resolution", label: "SLA", first: "asc" },
  { key: "received_at", label: "Received", first: "desc" },
];

/** The ordering after a click on `key`'s header: its first direction, then the other one on each further click. */
export function nextOrdering(current: string, key: string): string {
  const first = SORTS.find((sort) => sort.key === key)?.first === "desc" ? `-${key}` : key;
  if (current !== key && current !== `-${key}`) return first;
  return current === key ? `-${key}` : key;
}

/** The status asked for: "any" means every status; with none given, "My tasks" shows the ones in progress. */
function statusFilter(params: URLSearchParams, scope: "mine" | "all"): string | undefined {
  const status = params.get("status");
  if (status === "any") return undefined;
  return status || (scope === "mine" ? "in_progress" : undefined);
}

/** What the URL's search parameters ask of GET /tasks/. */
export function taskQuery(params: URLSearchParams, scope: "mine" | "all") {
  return {
    mine: scope === "mine" ? true : undefined,
    status: statusFilter(params, scope),
    priority: params.get("priority") || undefined,
    breached: params.get("breached") || undefined,
    search: params.get("search") || undefined,
    ordering: params.get("ordering") || "-received_at",
    page: Number(params.get("page") || 1),
    page_size: PAGE_SIZE,
  };
}

/** "My tasks" (or, for administrators, every task): filters, sorting, search and pages, kept in the address. */
export function InboxPage({ scope }: { scope: "mine" | "all" }) {
  const [params, update] = useUrlParams();
  const { isAdmin } = useAuth();
  const query = taskQuery(params, scope);
  // Kept fresh by the notifications socket; read every 30 s while it is down (useLivePolling).
  const refetchInterval = useLivePolling();
  const tasks = useQuery({ queryKey: ["tasks", scope, query], queryFn: () => listTasks(query), placeholderData: keepPreviousData, refetchInterval });

  function sortBy(key: string) {
    update({ ordering: nextOrdering(query.ordering, key) });
  }

  return (
    <section aria-labelledby="inbox-title">
      <div className="page-header">
        <h1 id="inbox-title">{scope === "mine" ? "My tasks" : "All tasks"}</h1>
        {tasks.isFetching && !tasks.isPending && <span className="spinner" role="status" aria-label="Refreshing" />}
        <SaveViewButton scope={scope} />
      </div>
      <div className="filters">
        <SearchField label="Ticket number or subject" value={query.search ?? ""} placeholder="TX2026…" onSearch={(text) => update({ search: text })} />
        <div className="field">
          <label htmlFor="task-status">Status</label>
          <select id="task-status" value={query.status ?? "any"} onChange={(event) => update({ status: event.target.value })}>
            <option value="any">Any</option>
            <option value="in_progress">In progress</option>
            <option value="pending">Pending</option>
            <option value="on_hold">On hold</option>
            <option value="completed">Completed</option>
            <option value="cancelled">Cancelled</option>
            {scope === "all" && <option value="unmatched">Unmatched</option>}
          </select>
        </div>
        <div className="field">
          <label htmlFor="task-priority">Priority</label>
          <select id="task-priority" value={params.get("priority") || ""} onChange={(event) => update({ priority: event.target.value })}>
            <option value="">Any</option>
            <option>Critical</option>
            <option>High</option>
            <option>Medium</option>
            <option>Low</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="task-breached">SLA</label>
          <select id="task-breached" value={params.get("breached") || ""} onChange={(event) => update({ breached: event.target.value })}>
            <option value="">Any</option>
            <option value="true">Breached</option>
            <option value="false">On time</option>
          </select>
        </div>
      </div>
      <QueryState
        query={tasks}
        isEmpty={(page) => page.results.length === 0}
        empty={
          <EmptyState title={query.search || params.toString() ? "No task matches these filters" : "Nothing in your inbox"}>
            New assignments appear here as they arrive.
          </EmptyState>
        }
      >
        {(page) => (
          <TaskListBulk tasks={page.results} admin={isAdmin}>
            {({ selection, marked }: TaskListBulkProps) => (
            <>
            <div className="table-wrap">
              <table className="table task-table" aria-describedby="inbox-title">
                <thead>
                  <tr>
                    {selection && <SelectAllHeader selection={selection} />}
                    <th scope="col" className="cell-ticket">
                      Ticket
                    </th>
                    <th scope="col" className="cell-subject">
                      Subject
                    </th>
                    {SORTS.map((sort) => (
                      <th
                        key={sort.key}
                        scope="col"
                        aria-sort={ariaSort(query.ordering, sort.key)}
                        className={`cell-${sort.key}${sort.key === "received_at" ? " hide-narrow" : ""}`}
                      >
                        <button type="button" onClick={() => sortBy(sort.key)}>
                          {sort.label} {sortArrow(query.ordering, sort.key)}
                        </button>
                      </th>
                    ))}
                    <th scope="col" className="hide-narrow">
                      Step
                    </th>
                    {scope === "all" && (
                      <th scope="col" className="hide-narrow">
                        Assignee
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {page.results.map((task, index) => (
                    <TaskRow key={task.id} task={task} showAssignee={scope === "all"} marked={index === marked} select={selection && <SelectCell selection={selection} id={task.id} label={task.ticket_number} />} />
                  ))}
                </tbody>
              </table>
            </div>
            <Pagination page={query.page} pageSize={PAGE_SIZE} count={page.count} onPage={(next) => update({ page: String(next) })} />
            </>
            )}
          </TaskListBulk>
        )}
      </QueryState>
    </section>
  );
}

function TaskRow({ task, showAssignee, marked = false, select }: { task: TaskSummary; showAssignee: boolean; marked?: boolean; select?: ReactNode }) {
  return (
    <tr data-testid="task-row" data-ticket={task.ticket_number} className={marked ? "row-marked" : undefined} aria-current={marked || undefined}>
      {select}
      <td className="mono cell-ticket">
        <Link to={`/tasks/${task.id}`}>{task.ticket_number}</Link>
      </td>
      <td className="cell-subject">
        {/* One line with an ellipsis however long (or unbroken) the subject; the whole on hover and in the DOM for screen readers. */}
        {task.subject ? (
          <span className="truncate" title={task.subject} data-testid="task-subject">
            {task.subject}
          </span>
        ) : (
          <span className="muted">(no subject)</span>
        )}
      </td>
      <td className="cell-priority_rank">
        <PriorityBadge priority={task.priority} />
      </td>
      <td className="cell-status">
        <StatusBadge status={task.status} resolution={task.resolution} />
      </td>
      <td className="cell-target_resolution" data-label="SLA">
        <TaskSlaCell task={task} />
      </td>
      <td className="hide-narrow" title={task.received_at}>
        {formatRelative(task.received_at)}
      </td>
      <td className="hide-narrow">{task.current_step?.name ?? "—"}</td>
      {showAssignee && (
        <td className="hide-narrow">
          <TaskAssigneeCell task={task} />
        </td>
      )}
    </tr>
  );
}

function ariaSort(ordering: string, key: string): "ascending" | "descending" | undefined {
  if (ordering === key) return "ascending";
  if (ordering === `-${key}`) return "descending";
  return undefined;
}

function sortArrow(ordering: string, key: string): string {
  return ordering === key ? "↑" : ordering === `-${key}` ? "↓" : "";
}
