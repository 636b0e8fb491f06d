import type { Badge } from '../graph/lineage-types.js';

/** A small coloured pill: failing assertions (red), PII (amber), live deployments (green). */
export function BadgePill({ badge }: { badge: Badge }) {
  return (
    <span className={`badge badge-${badge.kind}`} title={badge.title}>
      {badge.kind === 'live' ? <span className="live-dot" aria-hidden="true" /> : null}
      {badge.label}
    </span>
  );
}
