/** The shapes the services answer with (docs/api.md). */

export type Priority = "Low" | "Medium" | "High" | "Critical";
export type TaskStatus = "pending" | "in_progress" | "on_hold" | "completed" | "cancelled" | "unmatched";
export type Weekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";

/** A workflow's business hours: open intervals ["HH:MM", "HH:MM"] per weekday in `timezone` (IANA), minus `holidays` (YYYY-MM-DD). */
export interface BusinessCalendar {
  timezone: string;
  hours: Record<Weekday, [string, string][]>;
  holidays: string[];
}
export type WorkflowStatus = "draft" | "deployed" | "paused";
export type SlaBucket = "low" | "medium" | "high" | "urgent";

export interface User {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
  is_active: boolean;
  otp_enabled: boolean;
  date_joined: string;
  roles: { system: string; role: string }[];
}

export interface AuthRole {
  id: number;
  name: string;
  system: string;
  description: string;
}

export interface UserSystemRole {
  id: number;
  user: number;
  user_email: string;
  system: string;
  role: number;
  role_name: string;
  is_active: boolean;
  assigned_at: string;
}

export interface TaskAssignee {
  user_id: number;
  user_email: string;
  user_full_name: string;
  target_resolution: string | null;
}

export interface TaskSummary {
  id: number;
  ticket_number: string;
  subject: string;
  priority: Priority;
  status: TaskStatus;
  resolution: "" | "Resolved" | "Rejected";
  workflow: { id: number; name: string; version: number } | null;
  current_step: { id: number; name: string; role: string; instruction: string } | null;
  assignee: TaskAssignee | null;
  owner_user_id: number | null;
  received_at: string;
  target_resolution: string | null;
  completed_at: string | null;
  /** Set while the task is on hold. */
  held_at?: string | null;
  hold_reason?: string;
  breached: boolean;
  /** null unless completed. */
  sla_met?: boolean | null;
  /** Open-time seconds between completion and the target: positive = early, negative = late; null unless completed. */
  sla_margin_seconds?: number | null;
  /** Seconds to resolve, counted in the calendar's open hours; null unless completed. */
  resolution_open_seconds?: number | null;
  /** Every active assignee (a K-of-N step has several). */
  assignees?: TaskAssignee[];
  /** The ticket's matching fields, as the help desk sent them. */
  category?: string;
  sub_category?: string;
  department?: string;
  /** Unmatched tasks: why no workflow takes the ticket (null otherwise). */
  unmatched_reason?: string | null;
}

/** Someone who may take a task by transfer (`GET /tasks/{id}/transfer-candidates/`). */
export interface TransferCandidate {
  user_id: number;
  user_email: string;
  user_full_name: string;
  /** How many tasks they hold now. */
  active_assignments: number;
}

export interface Assignment {
  id: number;
  user_id: number;
  user_email: string;
  user_full_name: string;
  step_name: string;
  role_name: string;
  status: "active" | "completed" | "escalated" | "transferred" | "cancelled";
  reason: "workflow" | "escalation" | "transfer" | "sla_breach";
  assigned_at: string;
  target_resolution: string | null;
  finished_at: string | null;
  notes: string;
  warned_at: string | null;
  breached_at: string | null;
}

export interface AvailableTransition {
  id: number;
  name: string;
  to_step: string | null;
  requires_notes: boolean;
}

export interface TicketAttachment {
  id?: number | string;
  file_name: string;
  file_type?: string;
  file_size?: number;
  file_path?: string;
}

/** The intake payload exactly as the help desk sent it; extras are kept. */
export interface Ticket {
  ticket_number?: string;
  subject?: string;
  description?: string;
  category?: string;
  sub_category?: string;
  department?: string;
  priority?: string;
  status?: string;
  submit_date?: string;
  employee?: Record<string, unknown>;
  attachments?: TicketAttachment[];
  [extra: string]: unknown;
}

export interface AuditEvent {
  id: number;
  created_at: string;
  actor_user_id: number | null;
  actor_email: string;
  /** The actor's full name from workflow_api's role replica (else their email); "" when the system acted. */
  actor_name?: string;
  action: string;
  entity_type: string;
  entity_id: string | number | null;
  task: number | null;
  workflow: number | null;
  ticket_number: string | null;
  before: unknown;
  after: unknown;
}

export interface TaskGraph {
  steps: { id: number; name: string; role: string; current: boolean }[];
  transitions: { id: number; from_step: number | null; to_step: number | null; name: string }[];
}

/** The tally of a K-of-N approval step (task detail `approval`). */
export interface ApprovalTally {
  assignees: number;
  approvals_required: number;
  approved: number;
  rejected: number;
  approve_transition: string;
  reject_transition: string;
}

export interface ApprovalVote {
  step_name: string;
  user_id: number;
  user_email: string;
  user_full_name: string;
  decision: "approve" | "reject";
  notes: string;
  decided_at: string;
}

export interface TaskDetail extends TaskSummary {
  ticket: Ticket;
  approval?: ApprovalTally | null;
  approvals?: ApprovalVote[];
  assignments: Assignment[];
  available_transitions: AvailableTransition[];
  steps: TaskGraph | null;
  history: AuditEvent[];
}

export interface Step {
  id: number;
  workflow: number;
  name: string;
  role: string;
  order: number;
  weight: number;
  instruction: string;
  escalate_to: string | null;
  assignment_strategy: "round_robin" | "least_loaded";
  /** N: how many members of the role decide this step (1..20). */
  assignees?: number;
  /** K: how many approvals decide it (1..N). */
  approvals_required?: number;
  approve_transition?: string;
  reject_transition?: string;
}

export interface Transition {
  id: number;
  workflow: number;
  from_step: number | null;
  to_step: number | null;
  from_step_name: string | null;
  to_step_name: string | null;
  name: string;
  requires_notes: boolean;
}

export interface Workflow {
  id: number;
  name: string;
  description: string;
  category: string;
  sub_category: string;
  department: string;
  end_logic: "" | "asset" | "budget" | "notification";
  sla: Record<SlaBucket, number>;
  calendar?: BusinessCalendar | null;
  status: WorkflowStatus;
  version: number | null;
  has_undeployed_changes: boolean;
  steps: Step[];
  transitions: Transition[];
  created_at: string;
  updated_at: string;
}

/** A workflow as written in one request: steps by name, transitions naming their steps. */
export interface WorkflowDraft {
  name: string;
  description: string;
  category: string;
  sub_category: string;
  department: string;
  end_logic: Workflow["end_logic"];
  sla: Record<SlaBucket, number>;
  calendar?: BusinessCalendar | null;
  steps: {
    name: string;
    role: string;
    weight?: number;
    instruction?: string;
    escalate_to?: string | null;
    assignment_strategy?: Step["assignment_strategy"];
    assignees?: number;
    approvals_required?: number;
    approve_transition?: string;
    reject_transition?: string;
  }[];
  transitions: { from_step: string | null; to_step: string | null; name: string; requires_notes?: boolean }[];
}

export interface ReplicaRole {
  role_id: number;
  name: string;
  system: string;
  description: string;
  members: { user_id: number; user_email: string; user_full_name: string; is_active: boolean }[];
}

export interface IntakeFailure {
  id: number;
  created_at: string;
  ticket_number: string;
  reason: string;
  payload: unknown;
  message_id: string;
}

export interface InAppNotification {
  id: number;
  user_id: number;
  subject: string;
  message: string;
  notification_type: string;
  related_task_id: number | null;
  related_ticket_number: string | null;
  metadata: Record<string, unknown>;
  is_read: boolean;
  read_at: string | null;
  created_at: string;
}

export interface CommentAttachment {
  id: number;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  width: number | null;
  height: number | null;
  uploaded_by: number;
  created_at: string;
  download_url: string;
}

export interface Comment {
  id: number;
  ticket_id: string;
  user_id: number;
  author_name: string;
  content: string;
  parent: number | null;
  thumbs_up: number;
  thumbs_down: number;
  /** Who voted which way (user ids). */
  thumbs_up_user_ids?: number[];
  thumbs_down_user_ids?: number[];
  attachments: CommentAttachment[];
  is_edited: boolean;
  edited_at: string | null;
  is_deleted: boolean;
  created_at: string;
  updated_at: string;
  replies?: Comment[];
}
