/** CRM stages and the event type each means ("ignore": none); saved as the whole map at once. */
import { useEffect, useState } from 'react';
import type { ConnectorStageRow, EventType } from '@leaderboard/contracts';
import { useT } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';
import { EVENT_LABEL, EVENT_TYPES } from '../rules/rule-set-labels.js';
import { AdminTable, FormError } from '../shared/ui.js';
import { useConnectorDetailStore } from './connector-detail-store.js';
import { DetailPanel } from './detail-panel.js';

const SEMANTIC_LABEL: Record<'won' | 'lost' | 'open', MessageKey> = {
  won: 'admin.connectors.semantic.won',
  lost: 'admin.connectors.semantic.lost',
  open: 'admin.connectors.semantic.open',
};

const keyOf = (stage: ConnectorStageRow) => `${stage.pipelineId ?? ''}\u0000${stage.stageId}`;

export function StagesPanel() {
  const t = useT();
  const stages = useConnectorDetailStore((state) => state.stages);
  const loadError = useConnectorDetailStore((state) => state.errors.stages ?? null);
  /** The types as edited, by stage key; starts from what the API has. */
  const [types, setTypes] = useState<Record<string, EventType | null>>({});
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => setTypes(Object.fromEntries(stages.map((s) => [keyOf(s), s.type]))), [stages]);

  async function save() {
    setError(null);
    setSaved(false);
    try {
      await useConnectorDetailStore.getState().saveStages(
        stages.map((s) => ({
          pipelineId: s.pipelineId,
          stageId: s.stageId,
          type: types[keyOf(s)] ?? null,
        })),
      );
      setSaved(true);
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <DetailPanel
      id="connector-stages"
      title="admin.connectors.stages"
      error={loadError}
      empty={stages.length === 0}
      none="admin.connectors.stagesNone"
    >
      <AdminTable
        className="connector-stages"
        columns={[
          'admin.connectors.pipeline',
          'admin.connectors.stage',
          'admin.connectors.semantic',
          'admin.connectors.eventType',
        ]}
      >
        {stages.map((stage) => {
          const name = stage.name ?? stage.stageId;
          return (
            <tr key={keyOf(stage)}>
              <td>{stage.pipelineName ?? stage.pipelineId ?? '—'}</td>
              <td>{name}</td>
              <td>{stage.semantic ? t(SEMANTIC_LABEL[stage.semantic]) : '—'}</td>
              <td>
                <select
                  aria-label={t('admin.connectors.typeOf', { stage: name })}
                  value={types[keyOf(stage)] ?? ''}
                  onChange={(event) =>
                    setTypes({
                      ...types,
                      [keyOf(stage)]: event.target.value === '' ? null : (event.target.value as EventType),
                    })
                  }
                >
                  <option value="">{t('admin.connectors.ignore')}</option>
                  {EVENT_TYPES.map((type) => (
                    <option key={type} value={type}>
                      {t(EVENT_LABEL[type])}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          );
        })}
      </AdminTable>
      <div className="admin-toolbar">
        <button type="button" className="admin-button" onClick={() => void save()}>
          {t('admin.connectors.saveStages')}
        </button>
        {saved && (
          <span className="admin-note" role="status">
            {t('admin.connectors.stagesSaved')}
          </span>
        )}
      </div>
      <FormError error={error} fields={[]} />
    </DetailPanel>
  );
}
