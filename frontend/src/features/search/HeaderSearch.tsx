import { useEffect, useState } from "react";
import { useLocation, useNavigate, useSearchParams } from "react-router-dom";
import "./search.css";

/** The longest search the servers take (tts_common.search.MAX_QUERY_LENGTH). */
export const MAX_SEARCH_LENGTH = 200;

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
        id="global-search"
        type="search"
        value={text}
        maxLength={MAX_SEARCH_LENGTH}
        placeholder="Search tickets and comments"
        autoComplete="off"
        onChange={(event) => setText(event.target.value)}
      />
    </form>
  );
}
