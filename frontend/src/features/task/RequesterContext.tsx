import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router-dom";
import { request, type Page } from "../../api/client";
import type { TaskStatus } from "../../api/types";
import { StatusBadge } from "../../components/Badges";
import { QueryState } from "../../components/States";
import { formatDateTime, formatRelative } from "../../components/format";
import "./requester.css";

/** One of the requester's other tickets (GET /tasks/{id}/requester-tickets/); `id` only when the caller may open it. */
export interface RequesterTicket {
  id: number | null;
  ticket_number: string;
  subject: string;
  status: TaskStatus;
  priority: string;
  received_at: string;
  completed_at: string | null;
  can_open: boolean;
}

export type RequesterTickets = Page<RequesterTicket> & {
  open_count: number;
  requester: { email: string; first_name: string; last_name: string };
};

/** How many of the newest are listed on the task page. */
export const SHOWN = 8;

export const getRequesterTickets = (taskId: string) =>
  request<RequesterTickets>("workflow", `/tasks/${taskId}/requester-tickets/`, { query: { page_size: SHOWN } });

/** The task page's "Requester" card: who raised the ticket, how many of their other tickets are open, and the newest of them. */
export function RequesterContext({ taskId }: { taskId: string }) {
  const tickets = useQuery({ queryKey: ["requester-tickets", taskId], queryFn: () => getRequesterTickets(taskId), enabled: Boolean(taskId) });
  return (
    <section className="card requester-context" aria-labelledby="requester-title" data-testid="requester-context">
      <h2 id="requester-title">Requester</h2>
      <QueryState query={tickets}>{(data) => <RequesterBody data={data} />}</QueryState>
    </section>
  );
}

function RequesterBody({ data }: { data: RequesterTickets }) {
  const { requester } = data;
  const name = [requester.first_name, requester.last_name].filter(Boolean).join(" ");
  if (!requester.email) return <p className="muted">The help desk sent no requester email, so there is no history to show.</p>;
  return (
    <>
      <p className="requester-who">
        {name && <strong>{name}</strong>} <span className="muted">{requester.email}</span>
      </p>
      <p data-testid="requester-summary">
        {data.count === 0
          ? "No other tickets from this requester."
          : `${data.open_count} open of ${data.count} other ${data.count === 1 ? "ticket" : "tickets"}.`}
      </p>
      {data.results.length > 0 && (
        <ul className="requester-tickets" aria-label="Other tickets from this requester, newest first">
          {data.results.map((ticket) => (
            <li key={ticket.ticket_number} data-testid="requester-ticket">
              <span className="mono">
                {ticket.id !== null ? <Link to={`/tasks/${ticket.id}`}>{ticket.ticket_number}</Link> : ticket.ticket_number}
              </span>{" "}
              <StatusBadge status={ticket.status} />
              <span className="requester-ticket-subject">{ticket.subject || <span className="muted">(no subject)</span>}</span>
              <small className="muted" title={formatDateTime(ticket.received_at)}>
                {formatRelative(ticket.received_at)}
              </small>
            </li>
          ))}
        </ul>
      )}
      {data.count > data.results.length && <p className="muted">And {data.count - data.results.length} older.</p>}
      {data.results.some((ticket) => ticket.id === null) && (
        <p className="muted requester-note">Tickets without a link are other people's work: you see their number, subject and status only.</p>
      )}
    </>
  );
}
