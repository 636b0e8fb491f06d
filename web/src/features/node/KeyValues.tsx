/** A two-column list of names and values, or a quiet note when there are none. */
export function KeyValues({ entries, empty }: { entries: [string, string][]; empty: string }) {
  if (entries.length === 0) return <p className="faint">{empty}</p>;
  return (
    <dl className="kv">
      {entries.map(([key, value]) => (
        <div key={key} className="kv-row">
          <dt>{key}</dt>
          <dd className="mono">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
