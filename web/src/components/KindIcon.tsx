import type { KindKey } from './kind-style.js';

const PATHS: Record<KindKey, string> = {
  dataset:
    'M4 6c0-1.7 3.6-3 8-3s8 1.3 8 3-3.6 3-8 3-8-1.3-8-3Zm0 0v12c0 1.7 3.6 3 8 3s8-1.3 8-3V6M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3',
  view: 'M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12Zm10 3a3 3 0 1 0 0-6 3 3 0 0 0 0 6Z',
  featureView: 'M12 3l2.2 4.6L19 8.3l-3.5 3.4.8 4.8L12 14.3l-4.3 2.2.8-4.8L5 8.3l4.8-.7L12 3Z M5 20h14',
  trainingSet: 'M12 3 3 7.5l9 4.5 9-4.5L12 3ZM3 12l9 4.5 9-4.5M3 16.5 12 21l9-4.5',
  predictionLog: 'M8 6h12M8 12h12M8 18h12M4 6h.01M4 12h.01M4 18h.01',
  datasetField: 'M4 4h16v16H4zM10 4v16',
  job: 'M6 4l14 8-14 8V4Z',
  model: 'M12 2 21 7v10l-9 5-9-5V7l9-5Zm0 0v10m0 0 9-5m-9 5-9-5',
  modelVersion: 'M12 2 21 7v10l-9 5-9-5V7l9-5Zm0 10v10m0-10 9-5m-9 5-9-5',
  deployment: 'M5 12a7 7 0 0 1 14 0M2 12h3m14 0h3M12 5V2M8 16l4-4 4 4M12 12v10',
  run: 'M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20Zm0-15v5l3 3',
  assertion: 'M9 12l2 2 4-4m6 2a9 9 0 1 1-18 0 9 9 0 0 1 18 0Z',
};

/** A 24x24 stroke icon for a node kind; decorative unless given a title. */
export function KindIcon({ kind, size = 16, title }: { kind: KindKey; size?: number; title?: string }) {
  const icon = (
    <svg
      className="kind-icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <path d={PATHS[kind]} />
    </svg>
  );
  if (!title) return icon;
  return (
    <span title={title}>
      {icon}
      <span className="sr-only">{title}</span>
    </span>
  );
}
