import { request, type Page, type Query } from "./client";
import type { AuditEvent, IntakeFailure, ReplicaRole, Step, TaskDetail, TaskSummary, TransferCandidate, Transition, Workflow, WorkflowDraft } from "./types";

export const listTasks = (query: Query = {}) => request<Page<TaskSummary>>("workflow", "/tasks/", { query });
export const getTask = (id: number | string) => request<TaskDetail>("workflow", `/tasks/${id}/`);
export const transitionTask = (id: number, transition_id: number, notes: string) =>
  request<TaskDetail>("workflow", `/tasks/${id}/transition/`, { method: "POST", body: { transition_id, notes } });
/** `from_user_id`: whose share, at an approval step held by several people (administrators; required there). */
export const escalateTask = (id: number, reason: string, from_user_id?: number) =>
  request<TaskDetail>("workflow", `/tasks/${id}/escalate/`, { method: "POST", body: from_user_id ? { reason, from_user_id } : { reason } });
export const holdTask = (id: number, reason: string) =>
  request<TaskDetail>("workflow", `/tasks/${id}/hold/`, { method: "POST", body: { reason } });
export const resumeTask = (id: number) => request<TaskDetail>("workflow", `/tasks/${id}/resume/`, { method: "POST", body: {} });
/** Who may take the task by transfer: active members of the step's role but its holders; `search` by name or email. */
export const listTransferCandidates = (id: number, query: Query = {}) =>
  request<Page<TransferCandidate>>("workflow", `/tasks/${id}/transfer-candidates/`, { query });
export const transferTask = (id: number, user_id: number, notes: string, from_user_id?: number) =>
  request<TaskDetail>("workflow", `/tasks/${id}/transfer/`, { method: "POST", body: from_user_id ? { user_id, notes, from_user_id } : { user_id, notes } });

export const listWorkflows = (query: Query = {}) => request<Page<Workflow>>("workflow", "/workflows/", { query });
export const getWorkflow = (id: number | string) => request<Workflow>("workflow", `/workflows/${id}/`);
export const createWorkflow = (draft: WorkflowDraft) => request<Workflow>("workflow", "/workflows/", { method: "POST", body: draft });
export const saveWorkflow = (id: number, draft: Partial<WorkflowDraft>) =>
  request<Workflow>("workflow", `/workflows/${id}/`, { method: "PATCH", body: draft });
export const deleteWorkflow = (id: number) => request<null>("workflow", `/workflows/${id}/`, { method: "DELETE" });
export const deployWorkflow = (id: number) => request<Workflow>("workflow", `/workflows/${id}/deploy/`, { method: "POST" });
export const pauseWorkflow = (id: number) => request<Workflow>("workflow", `/workflows/${id}/pause/`, { method: "POST" });
export const listSteps = (workflow: number) => request<Page<Step>>("workflow", "/steps/", { query: { workflow, page_size: 200 } });
export const listTransitions = (workflow: number) =>
  request<Page<Transition>>("workflow", "/transitions/", { query: { workflow, page_size: 200 } });

export const listReplicaRoles = () => request<Page<ReplicaRole>>("workflow", "/roles/", { query: { page_size: 200 } });
export const listAudit = (query: Query = {}) => request<Page<AuditEvent>>("workflow", "/audit/", { query });
export const listIntakeFailures = (query: Query = {}) => request<Page<IntakeFailure>>("workflow", "/intake-failures/", { query });
