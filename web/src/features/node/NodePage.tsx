import { useRoute, useSetParams } from '../../app/useRoute.js';
import { Empty } from '../../components/StateView.js';
import { Tabs } from '../../components/Tabs.js';
import { kindOfId } from '../../graph/node-ids.js';
import { LineageView } from '../lineage/LineageView.js';
import { ModelTab } from './ModelTab.js';
import { NodeHeader } from './NodeHeader.js';
import { type NodeTab, tabsFor } from './node-tabs.js';
import { QualityTab } from './QualityTab.js';
import { RunsTab } from './RunsTab.js';
import { SchemaTab } from './SchemaTab.js';
import { useNodeDetail } from './useNodeDetail.js';
import { VersionsTab } from './VersionsTab.js';

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
