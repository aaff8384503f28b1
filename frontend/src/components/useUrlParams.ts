import { useCallback } from "react";
import { useSearchParams } from "react-router-dom";

export type ParamChanges = Record<string, string | null | undefined>;

/**
 * The page's filters as the address's search parameters (so a filtered page can be bookmarked and
 * shared). `update` sets or clears each named parameter; any change but a page change goes back to
 * page 1, and `replace` keeps the history clean for small adjustments.
 */
export function useUrlParams() {
  const [params, setParams] = useSearchParams();
  const update = useCallback(
    (changes: ParamChanges, { replace = false }: { replace?: boolean } = {}) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(changes)) {
            if (value === null || value === undefined || value === "") next.delete(key);
            else next.set(key, value);
          }
          if (!("page" in changes)) next.delete("page");
          return next;
        },
        { replace },
      );
    },
    [setParams],
  );
  return [params, update] as const;
}
