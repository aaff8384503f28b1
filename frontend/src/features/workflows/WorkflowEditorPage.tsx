import { EmptyState } from "../../components/States";

/** Placeholder until this page is built. */
export function WorkflowEditorPage() {
  return <EmptyState title="WorkflowEditorPage is being built" />;
}
