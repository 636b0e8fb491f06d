import { api } from '../../api/client.js';
import { useAsync } from '../../app/useAsync.js';
import { useRoute, useSetParams } from '../../app/useRoute.js';
import { Empty, ErrorState, Loading } from '../../components/StateView.js';
import { TraceResult } from './TraceResult.js';

/** Enter a prediction id and see what raw data fed it, as of the prediction's time. */
export function TracePage() {
  const { params } = useRoute();
  const setParams = useSetParams();
  const id = params.get('id') ?? '';
  const trace = useAsync(async (signal) => (id ? api.trace(id, signal) : null), [id]);
  return (
    <div className="page page-narrow">
      <div className="page-head">
        <div>
          <h1>Prediction trace</h1>
          <p className="muted">
            From a logged prediction back through the deployment, model version, training set and features to the raw
            source columns.
          </p>
        </div>
        <form
          className="search-form"
          onSubmit={(event) => {
            event.preventDefault();
            const value = String(new FormData(event.currentTarget).get('prediction') ?? '').trim();
            setParams({ id: value });
          }}
        >
          <input
            className="input search-input mono"
            name="prediction"
            defaultValue={id}
            key={id}
            placeholder="Prediction id"
            aria-label="Prediction id"
          />
          <button type="submit" className="btn btn-primary">
            Trace
          </button>
        </form>
      </div>
      {!id ? (
        <Empty title="Trace a prediction">Paste the id your serving layer logged with the prediction.</Empty>
      ) : trace.status === 'error' ? (
        <ErrorState error={trace.error} what="trace" />
      ) : !trace.data || trace.status === 'loading' ? (
        <Loading label="Tracing" />
      ) : (
        <TraceResult trace={trace.data} />
      )}
    </div>
  );
}
