import { SearchField } from "../../components/SearchField";
import { Fragment, useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Link } from "react-router-dom";
import { listIntakeFailures, listTasks } from "../../api/workflow";
import type { IntakeFailure } from "../../api/types";
import { PriorityBadge } from "../../components/Badges";
import { Pagination } from "../../components/Pagination";
import { EmptyState, QueryState } from "../../components/States";
import { formatDateTime, formatRelative } from "../../components/format";
import "./admin.css";

export const INTAKE_PAGE_SIZE = 10;

/** Intake: tickets that became no task of a workflow, and messages that could not become tasks at all. */
export function IntakePage() {
  return (
    <section aria-labelledby="intake-title" className="admin-page intake-page">
      <div className="page-header">
        <h1 id="intake-title">Intake</h1>
      </div>
      <div className="stack">
        <UnmatchedSection />
        <FailuresSection />
      </div>
    </section>
  );
}

function Count({ value, alert }: { value: number | undefined; alert?: boolean }) {
  if (value === undefined) return null;
  return <span className={`count-pill${alert && value > 0 ? " count-pill-alert" : ""}`}>{value}</span>;
}

function UnmatchedSection() {
  const [page, setPage] = useState(1);
  const query = { status: "unmatched", ordering: "-received_at", page, page_size: INTAKE_PAGE_SIZE };
  const tasks = useQuery({ queryKey: ["tasks", "unmatched", query], queryFn: () => listTasks(query), placeholderData: keepPreviousData });
  return (
    <section className="card intake-section" aria-labelledby="unmatched-title">
      <div className="card-header">
        <h2 id="unmatched-title">Unmatched tickets</h2>
        <Count value={tasks.data?.count} alert />
      </div>
      <p className="muted" id="unmatched-help">
        These tickets arrived but matched no deployed workflow for their department, category and sub-category, so nobody holds them; each row says
        which of the three found nothing. Deploy or correct a workflow for it (<Link to="/admin/workflows">Workflows</Link>) so the next such ticket finds
        one.
      </p>
      <QueryState
        query={tasks}
        isEmpty={(data) => data.results.length === 0}
        empty={<EmptyState title="No unmatched tickets">Every ticket found a workflow.</EmptyState>}
      >
        {(data) => (
          <>
            <div className="table-wrap">
              <table className="table" aria-labelledby="unmatched-title" aria-describedby="unmatched-help">
                <thead>
                  <tr>
                    <th scope="col">Ticket</th>
                    <th scope="col">Subject</th>
                    <th scope="col">Category</th>
                    <th scope="col">Department</th>
                    <th scope="col">Why it matched nothing</th>
                    <th scope="col">Priority</th>
                    <th scope="col">Received</th>
                  </tr>
                </thead>
                <tbody>
                  {data.results.map((task) => (
                    <tr key={task.id} data-testid="unmatched-row">
                      <td className="mono nowrap">
                        <Link to={`/tasks/${task.id}`}>{task.ticket_number}</Link>
                      </td>
                      <td className="intake-subject">{task.subject || <span className="muted">(no subject)</span>}</td>
                      <td className="intake-category" data-testid="unmatched-category">
                        <FieldValue value={task.category} />
                        <span className="muted intake-sub-category">
                          {" › "}
                          <FieldValue value={task.sub_category} empty="no sub-category" />
                        </span>
                      </td>
                      <td className="intake-department" data-testid="unmatched-department">
                        <FieldValue value={task.department} />
                      </td>
                      <td className="intake-reason" data-testid="unmatched-reason">
                        {task.unmatched_reason || <span className="muted">—</span>}
                      </td>
                      <td>
                        <PriorityBadge priority={task.priority} />
                      </td>
                      <td className="nowrap" title={formatDateTime(task.received_at)}>
                        {formatRelative(task.received_at)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pagination page={page} pageSize={INTAKE_PAGE_SIZE} count={data.count} onPage={setPage} />
          </>
        )}
      </QueryState>
    </section>
  );
}

/** A ticket's matching field as sent; a blank one says so (it is often why nothing matched). */
function FieldValue({ value, empty = "none" }: { value: string | undefined; empty?: string }) {
  return value ? <span className="intake-field">{value}</span> : <em className="muted">({empty})</em>;
}

function FailuresSection() {
  const [page, setPage] = useState(1);
  const [ticket, setTicket] = useState("");
  const [open, setOpen] = useState<Set<number>>(new Set());
  const query = { ticket_number: ticket || undefined, page, page_size: INTAKE_PAGE_SIZE };
  const failures = useQuery({ queryKey: ["intake-failures", query], queryFn: () => listIntakeFailures(query), placeholderData: keepPreviousData });

  function toggle(id: number) {
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  return (
    <section className="card intake-section" aria-labelledby="failures-title">
      <div className="card-header">
        <h2 id="failures-title">Intake failures</h2>
        <Count value={failures.data?.count} alert />
      </div>
      <p className="muted" id="failures-help">
        Ticket messages that could not become tasks at all (unreadable, no ticket number, invalid fields). Each was also published to the dead-letter
        queue; fix the sender and send the ticket again.
      </p>
      <div className="filters">
        <SearchField
          label="Ticket number"
          value={ticket}
          placeholder="TX2026…"
          onSearch={(text) => {
            setTicket(text);
            setPage(1);
          }}
        />
      </div>
      <QueryState
        query={failures}
        isEmpty={(data) => data.results.length === 0}
        empty={<EmptyState title={ticket ? `No failure for ${ticket}` : "No intake failures"}>{ticket ? "Check the ticket number." : "Every message became a task."}</EmptyState>}
      >
        {(data) => (
          <>
            <div className="table-wrap">
              <table className="table" aria-labelledby="failures-title" aria-describedby="failures-help">
                <thead>
                  <tr>
                    <th scope="col">Time</th>
                    <th scope="col">Ticket</th>
                    <th scope="col">Reason</th>
                    <th scope="col" className="hide-narrow">
                      Message id
                    </th>
                    <th scope="col">
                      <span className="visually-hidden">Payload</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.results.map((failure) => (
                    <FailureRow key={failure.id} failure={failure} open={open.has(failure.id)} onToggle={() => toggle(failure.id)} />
                  ))}
                </tbody>
              </table>
            </div>
            <Pagination page={page} pageSize={INTAKE_PAGE_SIZE} count={data.count} onPage={setPage} />
          </>
        )}
      </QueryState>
    </section>
  );
}

function FailureRow({ failure, open, onToggle }: { failure: IntakeFailure; open: boolean; onToggle: () => void }) {
  const payloadId = `failure-payload-${failure.id}`;
  return (
    <Fragment>
      <tr data-testid="failure-row">
        <td className="nowrap" title={failure.created_at}>
          {formatDateTime(failure.created_at)}
        </td>
        <td className="mono nowrap">{failure.ticket_number || <span className="muted">(none)</span>}</td>
        <td className="failure-reason">{failure.reason}</td>
        <td className="mono failure-message-id hide-narrow">{failure.message_id || "—"}</td>
        <td className="cell-actions">
          <button type="button" className="button button-small" aria-expanded={open} aria-controls={payloadId} onClick={onToggle}>
            {open ? "Hide payload" : "Show payload"}
          </button>
        </td>
      </tr>
      {open && (
        <tr className="payload-row" id={payloadId}>
          <td colSpan={5}>
            <pre aria-label={`Payload of ${failure.ticket_number || `failure ${failure.id}`}`} tabIndex={0}>
              {formatPayload(failure.payload)}
            </pre>
          </td>
        </tr>
      )}
    </Fragment>
  );
}

/** The payload as indented JSON; a string that holds JSON is unfolded too. */
export function formatPayload(payload: unknown): string {
  if (typeof payload === "string") {
    try {
      return JSON.stringify(JSON.parse(payload), null, 2);
    } catch {
      return payload;
    }
  }
  if (payload === undefined) return "(empty)";
  return JSON.stringify(payload, null, 2);
}
