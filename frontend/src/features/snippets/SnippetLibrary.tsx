import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Banner, QueryState } from "../../components/States";
import { deleteSnippet, listSnippets, snippetKeys, type Snippet } from "./api";
import { SnippetForm } from "./SnippetForm";

const errorText = (error: unknown) => (error instanceof Error ? error.message : "The request failed.");

/** The picker: the person's snippets and the shared ones, searchable; insert one, or write, edit and delete their own. */
export function SnippetLibrary({ onInsert }: { onInsert: (snippet: Snippet) => void }) {
  const queryClient = useQueryClient();
  const snippets = useQuery({ queryKey: snippetKeys.all, queryFn: listSnippets, staleTime: 60_000 });
  const [search, setSearch] = useState("");
  const [editing, setEditing] = useState<Snippet | "new" | null>(null);
  const remove = useMutation({
    mutationFn: (snippet: Snippet) => deleteSnippet(snippet.id),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: snippetKeys.all }),
  });

  if (editing) {
    return <SnippetForm snippet={editing === "new" ? null : editing} onDone={() => setEditing(null)} />;
  }
  const needle = search.trim().replace(/^\//, "").toLowerCase();
  return (
    <div className="snippet-library">
      <div className="row snippet-library-tools">
        <div className="field">
          <label htmlFor="snippet-search">Find a snippet</label>
          <input id="snippet-search" type="search" value={search} autoFocus onChange={(event) => setSearch(event.target.value)} placeholder="/hello or a title" />
        </div>
        <button type="button" className="button" onClick={() => setEditing("new")}>
          New snippet
        </button>
      </div>
      {remove.isError && <Banner>{errorText(remove.error)}</Banner>}
      <QueryState query={snippets}>
        {(page) => {
          const shown = page.results.filter((snippet) => !needle || snippet.shortcut.includes(needle) || snippet.title.toLowerCase().includes(needle));
          if (shown.length === 0) {
            return <p className="muted">{page.results.length ? "No snippet matches." : "No snippets yet: write the first with “New snippet”."}</p>;
          }
          return (
            <ul className="snippet-list">
              {shown.map((snippet) => (
                <li key={snippet.id} className="snippet-item">
                  <div className="snippet-item-head">
                    <span className="mono">/{snippet.shortcut}</span> <strong>{snippet.title}</strong>
                    {snippet.is_shared && <span className="badge">Shared</span>}
                  </div>
                  <p className="snippet-body muted">{snippet.body}</p>
                  <div className="row snippet-item-actions">
                    <button type="button" className="button button-primary button-small" aria-label={`Insert ${snippet.title}`} onClick={() => onInsert(snippet)}>
                      Insert
                    </button>
                    {snippet.is_owner && (
                      <>
                        <button type="button" className="button button-small" aria-label={`Edit ${snippet.title}`} onClick={() => setEditing(snippet)}>
                          Edit
                        </button>
                        <button type="button" className="button button-danger button-small" aria-label={`Delete ${snippet.title}`} disabled={remove.isPending} onClick={() => remove.mutate(snippet)}>
                          Delete
                        </button>
                      </>
                    )}
                  </div>
                </li>
              ))}
            </ul>
          );
        }}
      </QueryState>
    </div>
  );
}
