import { HealthSummary } from './HealthSummary.js';
import { RecentRuns } from './RecentRuns.js';
import { SchemaChanges } from './SchemaChanges.js';

/** The overview: what failed recently, how healthy the lineage is, and which schemas changed. */
export function HomePage() {
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Overview</h1>
          <p className="muted">Recent runs, lineage health and schema changes across every namespace.</p>
        </div>
      </div>
      <div className="home-grid">
        <RecentRuns />
        <div className="home-side">
          <HealthSummary />
          <SchemaChanges />
        </div>
      </div>
    </div>
  );
}
