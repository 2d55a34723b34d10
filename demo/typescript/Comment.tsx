// Comment thread for article pages: renders Markdown comments with author links and relative dates.
import { useMemo } from "react";
import DOMPurify from "dompurify";
import { marked } from "marked";

export interface CommentAuthor {
  name: string;
  website?: string;
  avatarUrl: string;
}

export interface CommentData {
  id: string;
  author: CommentAuthor;
  bodyMarkdown: string;
  createdAt: string;
}

const dateFormat = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

function httpUrlOrUndefined(url?: string): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

export function Comment({ comment }: { comment: CommentData }) {
  const html = useMemo(() => marked.parse(comment.bodyMarkdown, { async: false }), [comment.bodyMarkdown]);
  return (
    <article className="comment" id={`comment-${comment.id}`}>
      <header className="comment-header">
        <img className="avatar" src={comment.author.avatarUrl} alt="" width={32} height={32} />
        {/* flaw: a javascript: URL in the author's website runs script when clicked */}
        <a href={comment.author.website}>{comment.author.name}</a>
        <time dateTime={comment.createdAt}>{dateFormat.format(new Date(comment.createdAt))}</time>
      </header>
      {/* flaw: Markdown turned into HTML and rendered unsanitized (stored XSS) */}
      <div className="comment-body" dangerouslySetInnerHTML={{ __html: html }} />
    </article>
  );
}

export function SafeComment({ comment }: { comment: CommentData }) {
  const website = httpUrlOrUndefined(comment.author.website);
  const markdownHtml = marked.parse(comment.bodyMarkdown, { async: false });
  return (
    <article className="comment" id={`comment-${comment.id}`}>
      <header className="comment-header">
        <img className="avatar" src={comment.author.avatarUrl} alt="" width={32} height={32} />
        {/* safe: only http(s) links are rendered */}
        {website ? <a href={website} rel="nofollow ugc noopener">{comment.author.name}</a> : <span>{comment.author.name}</span>}
        <time dateTime={comment.createdAt}>{dateFormat.format(new Date(comment.createdAt))}</time>
      </header>
      {/* safe: the HTML is sanitized with DOMPurify before React inserts it */}
      <div className="comment-body" dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(markdownHtml) }} />
    </article>
  );
}

export function CommentThread({ comments, trusted = false }: { comments: CommentData[]; trusted?: boolean }) {
  if (comments.length === 0) return <p className="comment-empty">No comments yet. Start the conversation.</p>;
  const Item = trusted ? Comment : SafeComment;
  return (
    <section className="comment-thread" aria-label="Comments">
      {comments.map((c) => (
        <Item key={c.id} comment={c} />
      ))}
    </section>
  );
}
