/** Test data for the workflow pages' tests. */
import type { Workflow } from "../../api/types";

export const SERVER_WORKFLOW: Workflow = {
  id: 4,
  name: "IT Support",
  description: "Hardware and software",
  category: "IT",
  sub_category: "",
  department: "IT Department",
  end_logic: "notification",
  sla: { low: 172800, medium: 86400, high: 14400, urgent: 1800 },
  status: "deployed",
  version: 2,
  has_undeployed_changes: false,
  // Out of order on purpose: the draft follows `order`.
  steps: [
    { id: 12, workflow: 4, name: "Resolve", role: "Agent", order: 2, weight: "3.00" as unknown as number, instruction: "Fix it", escalate_to: "Manager", assignment_strategy: "least_loaded" },
    { id: 11, workflow: 4, name: "Triage", role: "Ticket Coordinator", order: 1, weight: 1, instruction: "", escalate_to: null, assignment_strategy: "round_robin" },
  ],
  transitions: [
    { id: 21, workflow: 4, from_step: null, to_step: 11, from_step_name: null, to_step_name: "Triage", name: "start", requires_notes: false },
    { id: 22, workflow: 4, from_step: 11, to_step: 12, from_step_name: "Triage", to_step_name: "Resolve", name: "assign", requires_notes: false },
    { id: 23, workflow: 4, from_step: 12, to_step: null, from_step_name: "Resolve", to_step_name: null, name: "resolve", requires_notes: false },
    { id: 24, workflow: 4, from_step: 11, to_step: null, from_step_name: "Triage", to_step_name: null, name: "reject", requires_notes: true },
  ],
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-02T00:00:00Z",
};

export const ROLES = [
  { id: 1, name: "Agent", system: "tts", description: "" },
  { id: 2, name: "Manager", system: "tts", description: "" },
  { id: 3, name: "Ticket Coordinator", system: "tts", description: "" },
];

export const workflowOf = (overrides: Partial<Workflow> = {}): Workflow => ({ ...SERVER_WORKFLOW, ...overrides });

/** A 200 answer for mockFetch: a workflow has a `status` field, which mockFetch would take for the HTTP status. */
export const ok = <T>(body: T) => ({ status: 200, body });
