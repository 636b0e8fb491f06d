import { useState } from 'react';
import { api } from '../../api/client.js';
import { useAsync } from '../../app/useAsync.js';
import { useLiveEvents } from '../../app/useLiveEvents.js';
import { NodeLink } from '../../components/NodeLink.js';
import { ErrorState, Loading } from '../../components/StateView.js';

/** The lineage health dashboard: one row per check with its count; a row opens to list what it found. */
export function HealthSummary() {
  const live = useLiveEvents(['run', 'version', 'assertion']);
  const health = useAsync((signal) => api.health(signal), [live]);
  const [open, setOpen] = useState<string | null>(null);
  const report = health.data;
  return (
    <section className="card" aria-labelledby="health-title">
      <div className="card-header">
        <h2 id="health-title">Lineage health</h2>
        {report ? (
          <span className={`badge ${report.problems > 0 ? 'badge-pii' : 'badge-live'}`}>
            {report.problems > 0 ? `${report.problems} to look at` : 'healthy'}
          </span>
        ) : null}
      </div>
      {health.status === 'error' ? (
        <ErrorState error={health.error} what="health report" />
      ) : !report ? (
        <Loading label="Checking lineage health" />
      ) : (
        <div className="card-body">
          {report.checked ? (
            <div className="stats-row">
              <div className="stat">
                <span className="stat-value">{report.checked.datasets}</span>
                <span className="stat-label">datasets</span>
              </div>
              <div className="stat">
                <span className="stat-value">{report.checked.jobs}</span>
                <span className="stat-label">jobs</span>
              </div>
              <div className="stat">
                <span className="stat-value">{report.checked.models}</span>
                <span className="stat-label">models</span>
              </div>
            </div>
          ) : null}
          <ul className="health-list">
            {report.sections.map((section) => (
              <li key={section.check}>
                <button
                  type="button"
                  className="health-row"
                  aria-expanded={open === section.check}
                  disabled={section.count === 0}
                  onClick={() => setOpen(open === section.check ? null : section.check)}
                >
                  <span
                    className={`health-dot ${section.count > 0 ? 'health-warn' : 'health-ok'}`}
                    aria-hidden="true"
                  />
                  <span className="health-title">{section.title}</span>
                  <span className="health-count">{section.count}</span>
                </button>
                {open === section.check ? (
                  <ul className="health-items">
                    {section.items.map((item) => (
                      <li key={`${item.id}-${item.detail}`}>
                        <NodeLink id={item.id} />
                        <span className="faint">{item.detail}</span>
                      </li>
                    ))}
                    {section.count > section.items.length ? (
                      <li className="faint">
                        and {section.count - section.items.length} more (rootline health --limit N)
                      </li>
                    ) : null}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
