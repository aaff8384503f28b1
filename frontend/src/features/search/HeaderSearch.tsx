import { type RefObject, useEffect, useRef, useState } from "react";
import { useLocation, useNavigate, useSearchParams } from "react-router-dom";
import "./search.css";

/** The longest search the servers take (tts_common.search.MAX_QUERY_LENGTH). */
export const MAX_SEARCH_LENGTH = 200;

/** About what the long placeholder needs at the console's 15 px font; a narrower box says only "Search". */
const LONG_PLACEHOLDER_WIDTH = 260;

/**
 * Whether the box is too narrow for the long placeholder, which was cut to "Sea" at 320 px (the top bar gives the
 * box what the brand, the bell and the rest leave, 64 px on a phone, 80 px at 861 px beside the name): the box's
 * own width decides, not the screen's. False where ResizeObserver is missing.
 */
function useNarrowBox(ref: RefObject<HTMLInputElement>): boolean {
  const [narrow, setNarrow] = useState(false);
  useEffect(() => {
    const box = ref.current;
    if (!box || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => setNarrow(box.clientWidth < LONG_PLACEHOLDER_WIDTH));
    observer.observe(box);
    return () => observer.disconnect();
  }, [ref]);
  return narrow;
}

/**
 * The header's one search box over tickets and comments (`#global-search`, which the `/` shortcut focuses).
 * Enter opens /search?q=…; on the results page the box shows the search in force.
 */
export function HeaderSearch() {
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [params] = useSearchParams();
  const current = pathname === "/search" ? (params.get("q") ?? "") : "";
  const [text, setText] = useState(current);
  useEffect(() => setText(current), [current]);
  const box = useRef<HTMLInputElement>(null);
  // The label names the box in full for screen readers; the placeholder shortens in a narrow box instead of being cut.
  const narrow = useNarrowBox(box);
  return (
    <form
      className="header-search"
      role="search"
      aria-label="Tickets and comments"
      onSubmit={(event) => {
        event.preventDefault();
        const q = text.trim();
        if (q) navigate(`/search?${new URLSearchParams({ q })}`);
      }}
    >
      <label htmlFor="global-search" className="visually-hidden">
        Search tickets and comments
      </label>
      <input
        ref={box}
        id="global-search"
        type="search"
        value={text}
        maxLength={MAX_SEARCH_LENGTH}
        placeholder={narrow ? "Search" : "Search tickets and comments"}
        autoComplete="off"
        onChange={(event) => setText(event.target.value)}
      />
    </form>
  );
}
