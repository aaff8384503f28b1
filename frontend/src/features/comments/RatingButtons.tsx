import { useMutation } from "@tanstack/react-query";
import { rateComment } from "../../api/messaging";
import type { Comment } from "../../api/types";
import { useToast } from "../../components/Toasts";

/** The caller's own vote on `comment`: true (up), false (down) or null, from the server's voter lists. */
export function myVote(comment: Comment, userId: number | undefined): boolean | null {
  if (userId === undefined) return null;
  if (comment.thumbs_up_user_ids?.includes(userId)) return true;
  if (comment.thumbs_down_user_ids?.includes(userId)) return false;
  return null;
}

/**
 * 👍 and 👎 on someone else's comment as toggle buttons (`aria-pressed` on the caller's vote): pressing the pressed
 * one takes the vote back (`rating: null`), the other one changes it. On one's own comment the counts are shown
 * but cannot be pressed (the server refuses authors' votes too).
 */
export function RatingButtons({ comment, ownUserId, onRated }: { comment: Comment; ownUserId: number | undefined; onRated: (comment: Comment) => void }) {
  const toast = useToast();
  const mine = myVote(comment, ownUserId);
  const rate = useMutation({
    mutationFn: (rating: boolean | null) => rateComment(comment.id, rating),
    onSuccess: onRated,
    onError: (error) => toast({ title: "Rating not saved", body: error instanceof Error ? error.message : undefined, kind: "error" }),
  });
  if (comment.user_id === ownUserId) {
    return (
      <span className="comment-votes muted" data-testid="own-votes" title="You cannot rate your own comment">
        <span aria-hidden="true">👍</span> {comment.thumbs_up} <span aria-hidden="true">👎</span> {comment.thumbs_down}
        <span className="visually-hidden">
          {`Your comment: ${comment.thumbs_up} thumbs up, ${comment.thumbs_down} thumbs down`}
        </span>
      </span>
    );
  }
  const button = (value: boolean, emoji: string, word: string, count: number) => {
    const pressed = mine === value;
    return (
      <button
        type="button"
        className={`button button-ghost button-small comment-vote${pressed ? " comment-vote-pressed" : ""}`}
        aria-pressed={pressed}
        aria-label={`${word} (${count})${pressed ? ", your vote: press again to take it back" : ""}`}
        disabled={rate.isPending}
        onClick={() => rate.mutate(pressed ? null : value)}
      >
        <span aria-hidden="true">{emoji}</span> {count}
      </button>
    );
  };
  return (
    <>
      {button(true, "👍", "Thumbs up", comment.thumbs_up)}
      {button(false, "👎", "Thumbs down", comment.thumbs_down)}
    </>
  );
}
