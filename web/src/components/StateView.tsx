import type { ReactNode } from 'react';
import { isNotFound } from '../api/http.js';

/** A calm loading placeholder with a label for screen readers. */
export function Loading({ label = 'Loading' }: { label?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label}…</span>
    </div>
  );
}

/** Nothing to show, said plainly, with an optional hint of what to do next. */
export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <div className="state-title">{title}</div>
      {children ? <div className="state-hint">{children}</div> : null}
    </div>
  );
}

/**
 * An error with the server's message. A 404 for a whole route means this server does not offer
 * the feature yet, which reads differently from a failure.
 */
export function ErrorState({ error, what, onRetry }: { error: Error; what: string; onRetry?: () => void }) {
  const missing = isNotFound(error);
  const noRoute = missing && error.message.startsWith('no route');
  const title = noRoute ? `No ${what} on this server yet` : missing ? 'Not found' : `Could not load ${what}`;
  return (
    <div className={`state ${missing ? 'state-empty' : 'state-error'}`} role={missing ? undefined : 'alert'}>
      <div className="state-title">{title}</div>
      <div className="state-hint">{error.message}</div>
      {onRetry ? (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
