import type { Trace } from '../../api/analysis-schemas.js';
import { formatTime, formatValue } from '../../components/format.js';
import { NodeLink } from '../../components/NodeLink.js';

function Step({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <li className="trace-step">
      <span className="trace-dot" aria-hidden="true" />
      <span className="trace-label faint">{label}</span>
      <span className="trace-value">{children}</span>
    </li>
  );
}

/** The trace as a chain (prediction to training set) and a table of features with their sources. */
export function TraceResult({ trace }: { trace: Trace }) {
  return (
    <div className="trace" data-testid="trace-result">
      <section className="card">
        <div className="card-header">
          <h2>Path</h2>
          <span className="faint">as of {formatTime(trace.time)}</span>
        </div>
        <ol className="trace-chain card-body">
          <Step label="Prediction">
            <code>{trace.prediction}</code>
            {trace.output !== undefined ? <span className="faint"> → {formatValue(trace.output)}</span> : null}
          </Step>
          <Step label="Deployment">
            <NodeLink id={trace.deployment} />
          </Step>
          <Step label="Model version">
            <NodeLink id={trace.modelVersion} />
          </Step>
          {trace.trainingSet ? (
            <Step label="Training set">
              <NodeLink id={trace.trainingSet.id} />
              {trace.trainingSet.version ? <span className="faint"> version {trace.trainingSet.version}</span> : null}
            </Step>
          ) : null}
          <Step label="Raw sources">
            <span className="trace-sources">
              {trace.sources.map((s) => (
                <NodeLink key={s} id={s} />
              ))}
            </span>
          </Step>
        </ol>
      </section>
      <section className="card">
        <div className="card-header">
          <h2>Features</h2>
          <span className="faint">{trace.features.length} features</span>
        </div>
        <div className="table-wrap">
          <table className="table" data-testid="trace-features">
            <thead>
              <tr>
                <th>Feature</th>
                <th>Value</th>
                <th>Comes from</th>
              </tr>
            </thead>
            <tbody>
              {trace.features.map((f) => (
                <tr key={f.id}>
                  <td>
                    <NodeLink id={f.id} label={f.name} />
                  </td>
                  <td className="mono">
                    {f.masked ? <span className="badge badge-pii">masked</span> : formatValue(f.value)}
                  </td>
                  <td>
                    {f.paths.length > 0 ? (
                      f.paths.slice(0, 4).map((path) => (
                        <div key={path.join('>')} className="trace-path">
                          {[...path].reverse().map((step, i) => (
                            <span key={step} className="trace-hop">
                              {i > 0 ? <span className="faint"> → </span> : null}
                              <NodeLink id={step} />
                            </span>
                          ))}
                        </div>
                      ))
                    ) : (
                      <span className="trace-sources">
                        {f.sources.map((s) => (
                          <NodeLink key={s} id={s} />
                        ))}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
