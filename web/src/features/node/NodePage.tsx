import { useRoute, useSetParams } from '../../app/useRoute';
import { Empty } from '../../components/StateView';
import { Tabs } from '../../components/Tabs';
import { kindOfId } from '../../graph/node-ids';
import { LineageView } from '../lineage/LineageView';
import { ModelTab } from './ModelTab';
import { NodeHeader } from './NodeHeader';
import { type NodeTab, tabsFor } from './node-tabs';
import { QualityTab } from './QualityTab';
import { RunsTab } from './RunsTab';
import { SchemaTab } from './SchemaTab';
import { useNodeDetail } from './useNodeDetail';
import { VersionsTab } from './VersionsTab';

/** A node's page: header with owners and badges, then tabs chosen for its kind. */
export function NodePage() {
  const { params } = useRoute();
  const setParams = useSetParams();
  const id = params.get('id') ?? '';
  const asOf = params.get('asOf');
  const detail = useNodeDetail(id, asOf);
  const kind = detail.data?.node.kind ?? kindOfId(id);
  const tabs = tabsFor(kind);
  const requested = params.get('tab');
  const tab: NodeTab = tabs.find((t) => t.key === requested)?.key ?? 'lineage';
  if (!id) return <Empty title="No node chosen">Search for a dataset, job or model to open its page.</Empty>;
  return (
    <div className="node-page">
      <NodeHeader id={id} detail={detail} />
      <Tabs
        items={tabs}
        active={tab}
        onSelect={(key) => setParams({ tab: key === 'lineage' ? null : key })}
        label="Node sections"
      />
      <div
        className={`node-body ${tab === 'lineage' ? 'node-body-full' : ''}`}
        role="tabpanel"
        aria-labelledby={`tab-${tab}`}
      >
        {tab === 'lineage' ? <LineageView /> : null}
        {tab === 'schema' ? <SchemaTab id={id} detail={detail} /> : null}
        {tab === 'versions' ? <VersionsTab id={id} kind={kind} /> : null}
        {tab === 'runs' ? <RunsTab id={id} kind={kind} /> : null}
        {tab === 'quality' ? <QualityTab id={id} detail={detail} /> : null}
        {tab === 'model' ? <ModelTab id={id} detail={detail} /> : null}
      </div>
    </div>
  );
}
