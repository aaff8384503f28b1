import { EmptyState } from "../../components/States";

/** Placeholder until this page is built. */
export function WorkflowListPage() {
  return <EmptyState title="WorkflowListPage is being built" />;
}
