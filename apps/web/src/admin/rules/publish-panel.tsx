/** Publishing the open rule set from a moment in the org's time zone, with a warning for the past. */
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useT } from '../../i18n/i18n.js';
import { useOrgStore } from '../../org/org-store.js';
import { useDateTime } from '../shared/ui.js';
import { zonedDateTime, zonedToInstant } from '../shared/zoned-time.js';
import { useRulesStore } from './rules-store.js';

export function PublishPanel() {
  const t = useT();
  const dateTime = useDateTime();
  const { busy, problems, jsonError, selected, dirty } = useRulesStore(
    useShallow((state) => ({
      busy: state.busy,
      problems: state.problems,
      jsonError: state.jsonError,
      selected: state.ruleSets.find((ruleSet) => ruleSet.id === state.selectedId),
      dirty: state.dirty,
    })),
  );
  const timeZone = useOrgStore((state) => state.timeZone);
  const [when, setWhenText] = useState(() => zonedDateTime(new Date(), timeZone));
  const [now, refreshNow] = useNow();
  const setWhen = (text: string): void => {
    setWhenText(text);
    refreshNow();
  };
  const [confirming, setConfirming] = useState(false);
  const instant = when ? zonedToInstant(when, timeZone) : new Date(NaN);
  const valid = !Number.isNaN(instant.getTime());
  // A minute of slack: "now" typed a moment ago is not the past.
  const inPast = valid && instant.getTime() < now - 60_000;
  const canPublish =
    (selected?.status === 'draft' || dirty) && problems.length === 0 && jsonError === null && valid;
  return (
    <section className="admin-card admin-publish" aria-labelledby="publish-title">
      <h2 id="publish-title">{t('admin.publish.title')}</h2>
      <label className="admin-field">
        <span className="admin-field-label">{t('admin.publish.effectiveFrom')}</span>
        <input
          type="datetime-local"
          value={when}
          onChange={(event) => {
            setWhen(event.target.value);
            setConfirming(false);
          }}
        />
      </label>
      <span className="admin-hint">{timeZone}</span>
      <button
        type="button"
        className="admin-button ghost small"
        onClick={() => setWhen(zonedDateTime(new Date(), timeZone))}
      >
        {t('admin.publish.now')}
      </button>
      {inPast && (
        <p className="admin-warning" role="alert">
          {t('admin.publish.pastWarning', { time: dateTime(instant.toISOString()) })}
        </p>
      )}
      {!canPublish && selected?.status === 'published' && !dirty && (
        <p className="admin-muted">{t('admin.publish.alreadyPublished')}</p>
      )}
      {confirming ? (
        <div className="admin-confirm">
          <p>{t('admin.publish.confirm', { time: dateTime(instant.toISOString()) })}</p>
          <button
            type="button"
            className="admin-button danger"
            disabled={busy !== null}
            onClick={() => {
              void useRulesStore
                .getState()
                .publish(instant.toISOString())
                .then(() => setConfirming(false));
            }}
          >
            {t('admin.publish.confirmButton')}
          </button>
          <button type="button" className="admin-button ghost" onClick={() => setConfirming(false)}>
            {t('admin.cancel')}
          </button>
        </div>
      ) : (
        <button
          type="button"
          className="admin-button"
          disabled={!canPublish || busy !== null}
          onClick={() => setConfirming(true)}
        >
          {t('admin.publish.button')}
        </button>
      )}
    </section>
  );
}

/**
 * The time now for the past-warning, read when the moment is edited and every 30 s, never while
 * rendering (a render must not depend on when it runs).
 */
function useNow(): [number, () => void] {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return [now, () => setNow(Date.now())];
}
