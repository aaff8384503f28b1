import type { TaskDetail } from "../../api/types";

/** A task at a two-way "Approve" step, held by Agent One (user 7); `overrides` replace whole members. */
export function task(overrides: Partial<TaskDetail> = {}): TaskDetail {
  const received = new Date(Date.now() - 600_000).toISOString();
  return {
    id: 5,
    ticket_number: "TX20261121000005",
    subject: "Laptop will not boot",
    priority: "High",
    status: "in_progress",
    resolution: "",
    workflow: { id: 1, name: "IT Support", version: 3 },
    current_step: { id: 12, name: "Approve", role: "Manager", instruction: "Check the budget." },
    assignee: { user_id: 7, user_email: "agent1@tts.local", user_full_name: "Agent One", target_resolution: new Date(Date.now() + 3600_000).toISOString() },
    owner_user_id: 2,
    received_at: received,
    target_resolution: new Date(Date.now() + 7200_000).toISOString(),
    completed_at: null,
    breached: false,
    ticket: {
      ticket_number: "TX20261121000005",
      subject: "Laptop will not boot",
      description: "Black screen since this morning.",
      category: "IT Support",
      sub_category: "Hardware",
      department: "IT Department",
      priority: "High",
      status: "New",
      submit_date: received,
      employee: { first_name: "Emma", last_name: "Employee", email: "emma@corp.local", company_id: "MA0042", department: "Finance" },
      attachments: [{ id: 1, file_name: "photo.png", file_type: "image/png", file_size: 2048, file_path: "/media/ticket_attachments/photo.png" }],
      asset_name: "ThinkPad X1",
      requested_budget: 1200,
      dynamic_data: { serial: "SN-99", warranty: true },
    },
    assignments: [
      { id: 1, user_id: 3, user_email: "triage@tts.local", user_full_name: "Tom Triage", step_name: "Triage", role_name: "Agent", status: "completed", reason: "workflow", assigned_at: received, target_resolution: null, finished_at: received, notes: "Looks like hardware", warned_at: null, breached_at: null },
      { id: 2, user_id: 7, user_email: "agent1@tts.local", user_full_name: "Agent One", step_name: "Approve", role_name: "Manager", status: "active", reason: "workflow", assigned_at: received, target_resolution: null, finished_at: null, notes: "", warned_at: null, breached_at: null },
    ],
    available_transitions: [
      { id: 31, name: "approve", to_step: "Fulfil", requires_notes: false },
      { id: 32, name: "reject", to_step: null, requires_notes: true },
    ],
    steps: {
      steps: [
        { id: 11, name: "Triage", role: "Agent", current: false },
        { id: 12, name: "Approve", role: "Manager", current: true },
        { id: 13, name: "Fulfil", role: "Agent", current: false },
      ],
      transitions: [
        { id: 30, from_step: null, to_step: 11, name: "start" },
        { id: 33, from_step: 11, to_step: 12, name: "submit" },
        { id: 31, from_step: 12, to_step: 13, name: "approve" },
        { id: 32, from_step: 12, to_step: null, name: "reject" },
        { id: 34, from_step: 13, to_step: null, name: "resolve" },
      ],
    },
    history: [
      { id: 1, created_at: received, actor_user_id: null, actor_email: "system", action: "task.created", entity_type: "task", entity_id: 5, task: 5, workflow: 1, ticket_number: "TX20261121000005", before: null, after: { status: "pending", priority: "High" } },
      { id: 2, created_at: received, actor_user_id: 3, actor_email: "triage@tts.local", action: "task.transitioned", entity_type: "task", entity_id: 5, task: 5, workflow: 1, ticket_number: "TX20261121000005", before: { step: "Triage" }, after: { step: "Approve", transition: "submit" } },
    ],
    ...overrides,
  };
}
