/** What the lines mean, in a corner of the canvas: edge styles, the lit path and diff colours. */
export function GraphLegend({ level, path, diff }: { level: 'dataset' | 'column'; path: boolean; diff: boolean }) {
  return (
    <ul className="graph-legend" aria-label="Legend">
      {level === 'column' ? (
        <>
          <li>
            <span className="legend-line" /> direct
          </li>
          <li>
            <span className="legend-line legend-dashed" /> indirect (join, filter…)
          </li>
        </>
      ) : (
        <li>
          <span className="legend-line" /> reads / writes
        </li>
      )}
      {path ? (
        <li>
          <span className="legend-line legend-lit" /> column path
        </li>
      ) : null}
      {diff ? (
        <>
          <li>
            <span className="legend-line legend-added" /> appeared
          </li>
          <li>
            <span className="legend-line legend-removed" /> disappeared
          </li>
        </>
      ) : null}
    </ul>
  );
}
