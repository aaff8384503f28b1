import { ApiError } from "../../api/errors";

/** One task's outcome in a bulk action: done, or failed with the server's detail. */
export type BulkResult<T> = { item: T; ok: true } | { item: T; ok: false; detail: string };

/** How many requests a bulk action keeps in flight at once. */
export const BULK_CONCURRENCY = 4;

/**
 * Runs `act` once per item, at most `concurrency` at a time, and never stops on a failure: each item gets its own
 * result, in the order of `items`. A failure's `detail` is the server's (ApiError's message), else the error's text.
 */
export async function runBulk<T>(items: T[], act: (item: T) => Promise<unknown>, concurrency = BULK_CONCURRENCY): Promise<BulkResult<T>[]> {
  const results: BulkResult<T>[] = new Array(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const index = next++;
      const item = items[index];
      try {
        await act(item);
        results[index] = { item, ok: true };
      } catch (error) {
        results[index] = { item, ok: false, detail: errorDetail(error) };
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return results;
}

function errorDetail(error: unknown): string {
  if (error instanceof ApiError || error instanceof Error) return error.message || "the request failed";
  return String(error);
}

/**
 * The summary line: "7 transferred, 1 failed" ("3 escalated"; "nothing was transferred" for no success and no failure).
 */
export function bulkSummary(results: BulkResult<unknown>[], verb: string): string {
  const done = results.filter((result) => result.ok).length;
  const failed = results.length - done;
  if (!results.length) return `nothing was ${verb}`;
  return failed ? `${done} ${verb}, ${failed} failed` : `${done} ${verb}`;
}
