import { useState, type ReactNode } from "react";
import { download } from "../../api/client";
import type { Ticket, TicketAttachment } from "../../api/types";
import { useToast } from "../../components/Toasts";
import { formatBytes, formatDateTime } from "../../components/format";

/** The fields every HDTS ticket has, in the order shown; anything else is an extra. */
const KNOWN: { key: keyof Ticket & string; label: string }[] = [
  { key: "category", label: "Category" },
  { key: "sub_category", label: "Sub-category" },
  { key: "department", label: "Department" },
  { key: "priority", label: "Priority" },
  { key: "status", label: "Status" },
  { key: "submit_date", label: "Submitted" },
];
const SHOWN_ELSEWHERE = new Set(["ticket_number", "subject", "description", "employee", "attachments", ...KNOWN.map((field) => field.key)]);
const EMPLOYEE_LABELS: Record<string, string> = {
  first_name: "First name",
  last_name: "Last name",
  email: "Email",
  company_id: "Company ID",
  department: "Department",
};

/** "requested_budget" → "Requested budget". */
export function humanize(key: string): string {
  const text = key.replace(/[_-]+/g, " ").replace(/([a-z])([A-Z])/g, "$1 $2").trim().toLowerCase();
  return text ? text[0].toUpperCase() + text.slice(1) : key;
}

/** A value of the ticket as text: scalars as they are, objects and lists as indented JSON. */
export function ExtraValue({ value }: { value: unknown }) {
  if (value === null || value === undefined || value === "") return <span className="muted">—</span>;
  if (typeof value === "boolean") return <>{value ? "Yes" : "No"}</>;
  if (typeof value === "object") return <pre className="ticket-json">{JSON.stringify(value, null, 2)}</pre>;
  return <>{String(value)}</>;
}

/** file_path as download() wants it: a path on ticket_mock (a full URL is cut to its path). */
export function ticketFilePath(filePath: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(filePath)) {
    try {
      const url = new URL(filePath);
      return url.pathname + url.search;
    } catch {
      return filePath;
    }
  }
  return filePath.startsWith("/") ? filePath : `/${filePath}`;
}

function Facts({ children }: { children: ReactNode }) {
  return <dl className="facts">{children}</dl>;
}

/**
 * The ticket as the help desk sent it: the usual fields, the requester, any extras, the attachments. `status` and
 * `priority`, when given, are the ticket's as they stand now (the status last sent to the help desk, the task's
 * normalised priority) and replace the intake values, which are named beside them when they differ
 * ("Resolved · received as New").
 */
export function TicketCard({ ticket, status, priority }: { ticket: Ticket; status?: string; priority?: string }) {
  const now: Partial<Record<string, string>> = { status, priority };
  const employee = ticket.employee && typeof ticket.employee === "object" ? ticket.employee : null;
  const extras = Object.entries(ticket).filter(([key]) => !SHOWN_ELSEWHERE.has(key));
  const employeeName = employee ? [employee.first_name, employee.last_name].filter(Boolean).join(" ") : "";
  const attachments = Array.isArray(ticket.attachments) ? ticket.attachments : [];
  return (
    <section className="card ticket-card" aria-labelledby="ticket-title">
      <div className="card-header">
        <h2 id="ticket-title">The ticket</h2>
        <span className="muted ticket-source">as the help desk sent it</span>
      </div>
      {ticket.description ? <p className="ticket-description">{ticket.description}</p> : <p className="muted">No description.</p>}
      <Facts>
        {KNOWN.map(({ key, label }) => (
          <Fact key={key} label={label}>
            {key === "submit_date" && typeof ticket.submit_date === "string" ? (
              <time dateTime={ticket.submit_date}>{formatDateTime(ticket.submit_date)}</time>
            ) : now[key] ? (
              <CurrentValue now={now[key] as string} sent={ticket[key]} />
            ) : (
              <ExtraValue value={ticket[key]} />
            )}
          </Fact>
        ))}
      </Facts>

      {employee && (
        <>
          <h3 className="ticket-subheading">Requester</h3>
          <Facts>
            {employeeName && <Fact label="Name">{employeeName}</Fact>}
            {Object.entries(employee)
              .filter(([key, value]) => !["first_name", "last_name"].includes(key) && value !== "" && value !== null && value !== undefined)
              .map(([key, value]) => (
                <Fact key={key} label={EMPLOYEE_LABELS[key] ?? humanize(key)}>
                  {key === "email" && typeof value === "string" ? <a href={`mailto:${value}`}>{value}</a> : <ExtraValue value={value} />}
                </Fact>
              ))}
          </Facts>
        </>
      )}

      {extras.length > 0 && (
        <>
          <h3 className="ticket-subheading">More details</h3>
          <Facts>
            {extras.map(([key, value]) => (
              <Fact key={key} label={humanize(key)}>
                <ExtraValue value={value} />
              </Fact>
            ))}
          </Facts>
        </>
      )}

      <h3 className="ticket-subheading">Attachments</h3>
      {attachments.length === 0 ? (
        <p className="muted">No attachments.</p>
      ) : (
        <ul className="ticket-attachments">
          {attachments.map((attachment, index) => (
            <TicketAttachmentRow key={attachment.id ?? `${attachment.file_name}-${index}`} attachment={attachment} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** The value as it stands now, and the one the help desk sent when it differs. */
function CurrentValue({ now, sent }: { now: string; sent: unknown }) {
  const received = typeof sent === "string" ? sent.trim() : "";
  return (
    <>
      {now}
      {received && received.toLowerCase() !== now.toLowerCase() && <span className="muted"> · received as {received}</span>}
    </>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function TicketAttachmentRow({ attachment }: { attachment: TicketAttachment }) {
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const path = attachment.file_path;
  return (
    <li className="ticket-attachment" data-testid="ticket-attachment">
      <span aria-hidden="true" className="ticket-attachment-icon">
        📄
      </span>
      <span className="ticket-attachment-name">
        <strong>{attachment.file_name}</strong>
        <small className="muted">{[attachment.file_type, formatBytes(attachment.file_size)].filter(Boolean).join(" · ")}</small>
      </span>
      <button
        type="button"
        className="button button-small"
        aria-label={`Download ${attachment.file_name}`}
        disabled={!path || busy}
        onClick={async () => {
          if (!path) return;
          setBusy(true);
          try {
            await download("tickets", ticketFilePath(path), attachment.file_name);
          } catch (error) {
            toast({ title: `Could not download ${attachment.file_name}`, body: error instanceof Error ? error.message : undefined, kind: "error" });
          } finally {
            setBusy(false);
          }
        }}
      >
        {busy ? "Downloading…" : "Download"}
      </button>
    </li>
  );
}
