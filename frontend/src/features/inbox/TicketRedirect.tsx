import { useQuery } from "@tanstack/react-query";
import { Navigate, useParams } from "react-router-dom";
import { listTasks } from "../../api/workflow";
import { EmptyState, QueryState } from "../../components/States";

/** /tickets/<number> opens that ticket's task (a notification may name only the ticket). */
export function TicketRedirect() {
  const { ticketNumber = "" } = useParams();
  const query = useQuery({ queryKey: ["tasks", { ticket_number: ticketNumber }], queryFn: () => listTasks({ ticket_number: ticketNumber }) });
  return (
    <QueryState query={query} isEmpty={(page) => page.results.length === 0} empty={<EmptyState title={`No task you can see for ticket ${ticketNumber}`} />}>
      {(page) => <Navigate to={`/tasks/${page.results[0].id}`} replace />}
    </QueryState>
  );
}
