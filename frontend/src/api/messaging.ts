import { request } from "./client";
import type { Comment } from "./types";

/** The ticket's top-level comments, oldest first, each with its replies. */
export const listComments = async (ticketId: string): Promise<Comment[]> => {
  const answer = await request<Comment[] | { results: Comment[] }>("messaging", "/api/v1/comments/", { query: { ticket_id: ticketId, page_size: 200 } });
  return Array.isArray(answer) ? answer : answer.results;
};
/** A comment or reply; with `files` it goes as multipart and its files are attached in the same request (all or nothing). */
export const postComment = (ticket_id: string, content: string, parent: number | null = null, files: File[] = []) => {
  if (files.length === 0) return request<Comment>("messaging", "/api/v1/comments/", { method: "POST", body: { ticket_id, content, parent } });
  const form = new FormData();
  form.append("ticket_id", ticket_id);
  form.append("content", content);
  if (parent !== null) form.append("parent", String(parent));
  files.forEach((file) => form.append("file", file));
  return request<Comment>("messaging", "/api/v1/comments/", { method: "POST", form });
};
export const editComment = (id: number, content: string) =>
  request<Comment>("messaging", `/api/v1/comments/${id}/`, { method: "PATCH", body: { content } });
export const deleteComment = (id: number) => request<null>("messaging", `/api/v1/comments/${id}/`, { method: "DELETE" });
/** `null` takes the caller's rating back. */
export const rateComment = (id: number, rating: boolean | null) =>
  request<Comment>("messaging", `/api/v1/comments/${id}/rate/`, { method: "POST", body: { rating } });
export const attachToComment = (id: number, files: File[]) => {
  const form = new FormData();
  files.forEach((file) => form.append("file", file));
  return request<Comment>("messaging", `/api/v1/comments/${id}/attachments/`, { method: "POST", form });
};
