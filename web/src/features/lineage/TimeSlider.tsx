import { useEffect, useState } from 'react';
import { useSetParams } from '../../app/useRoute.js';
import { formatTime } from '../../components/format.js';
import { snapToTick, type TimeRange } from './time-range.js';

const STEPS = 1000;

interface Props {
  range: TimeRange;
  asOf: string | null;
  compare: string | null;
  diffCounts: { added: number; removed: number } | null;
}

/**
 * Moves the graph through time. Dragging previews the time; releasing writes `asOf` (or, in
 * compare mode, the earlier time `cmp`) to the URL and the graph redraws as it was.
 */
export function TimeSlider({ range, asOf, compare, diffCounts }: Props) {
  const setParams = useSetParams();
  const committed = compare ?? asOf;
  const toStep = (iso: string | null) =>
    iso ? Math.round(((Date.parse(iso) - range.min) / Math.max(1, range.max - range.min)) * STEPS) : STEPS;
  const [step, setStep] = useState(toStep(committed));
  // biome-ignore lint/correctness/useExhaustiveDependencies: follow the URL when it changes.
  useEffect(() => setStep(toStep(committed)), [committed, range.min, range.max]);

  const timeAt = (s: number) => {
    const raw = range.min + ((range.max - range.min) * s) / STEPS;
    return snapToTick(raw, range.ticks, (range.max - range.min) / 200);
  };
  const commit = () => {
    const iso = step >= STEPS && !compare ? null : new Date(timeAt(step)).toISOString();
    setParams(compare ? { cmp: iso ?? new Date(range.max).toISOString() } : { asOf: iso, col: null });
  };
  const label = step >= STEPS && !compare ? 'Now' : formatTime(new Date(timeAt(step)).toISOString());

  return (
    <div className={`time-slider ${compare ? 'time-compare' : ''}`}>
      <div className="time-label">
        <span className="faint">{compare ? 'Changes since' : 'As of'}</span>
        <strong data-testid="time-label">{label}</strong>
        {compare ? <span className="faint">until {asOf ? formatTime(asOf) : 'now'}</span> : null}
      </div>
      <div className="time-track">
        <input
          type="range"
          min={0}
          max={STEPS}
          value={step}
          aria-label={compare ? 'Compare from time' : 'Show the graph as of'}
          aria-valuetext={label}
          onChange={(event) => setStep(Number(event.target.value))}
          onPointerUp={commit}
          onKeyUp={(event) => {
            if (
              event.key.startsWith('Arrow') ||
              event.key === 'Home' ||
              event.key === 'End' ||
              event.key.startsWith('Page')
            )
              commit();
          }}
        />
        <div className="time-ticks" aria-hidden="true">
          {range.ticks.map((tick) => (
            <span key={tick} style={{ left: `${((tick - range.min) / Math.max(1, range.max - range.min)) * 100}%` }} />
          ))}
        </div>
      </div>
      {diffCounts ? (
        <span className="time-diff">
          <span className="badge badge-added">+{diffCounts.added}</span>
          <span className="badge badge-removed">−{diffCounts.removed}</span>
        </span>
      ) : null}
      <label className="time-toggle">
        <input
          type="checkbox"
          checked={compare !== null}
          onChange={(event) =>
            setParams({
              cmp: event.target.checked ? new Date(timeAt(Math.min(step, STEPS - 1) - 100)).toISOString() : null,
            })
          }
        />
        Compare
      </label>
      {committed ? (
        <button type="button" className="btn btn-small btn-ghost" onClick={() => setParams({ asOf: null, cmp: null })}>
          Back to now
        </button>
      ) : null}
    </div>
  );
}
