/** Why I have these points: every line item of the selected period, newest first, in words. */
import type { LineItem } from '@leaderboard/contracts';
import { Fragment, useState } from 'react';
import { useLocale, useT } from '../i18n/i18n.js';
import { formatTime } from '../i18n/format.js';
import { useOrgStore } from '../org/org-store.js';
import { dayKeyOf, formatDay } from './format.js';
import { useMeStore } from './me-store.js';
import { lineItemText } from './texts.js';

/** A month has hundreds of line items: the newest show first, the rest on request. */
export const LINE_ITEMS_SHOWN = 50;

/** Newest first; the same instant in a stable order. */
export function newestFirst(items: readonly LineItem[]): LineItem[] {
  return [...items].sort((a, b) =>
    a.occurredAt === b.occurredAt
      ? b.eventId.localeCompare(a.eventId)
      : Date.parse(b.occurredAt) - Date.parse(a.occurredAt),
  );
}

export function LineItems() {
  const t = useT();
  const locale = useLocale();
  const timeZone = useOrgStore((state) => state.timeZone);
  const period = useMeStore((state) => state.period);
  const entry = useMeStore((state) => state.breakdowns[period]);
  const items = entry?.data ? newestFirst(entry.data.lineItems) : [];
  // "Show more" opens the whole list of one period; another period starts short again.
  const [expanded, setExpanded] = useState<string | null>(null);
  const shown = expanded === period ? items.length : LINE_ITEMS_SHOWN;
  return (
    <section className="me-card" aria-labelledby="me-items-title" data-testid="line-items">
      <h2 id="me-items-title">
        {t('me.items.title')} · {t(`period.${period}`)}
      </h2>
      {!entry?.data ? (
        <p className="me-dim">{entry?.error ? t('me.error.load') : t('me.items.loading')}</p>
      ) : items.length === 0 ? (
        <p className="me-dim">{t('me.items.empty')}</p>
      ) : (
        <ul className="me-items">
          {items.slice(0, shown).map((item, index, list) => {
            // This week and this month: a heading whenever the day changes, then times.
            const day = dayKeyOf(item.occurredAt, timeZone);
            const newDay =
              period !== 'today' && (index === 0 || dayKeyOf(list[index - 1].occurredAt, timeZone) !== day);
            return (
              <Fragment key={item.eventId}>
                {newDay && (
                  <li className="me-day" data-testid="line-item-day">
                    {formatDay(locale, item.occurredAt, timeZone)}
                  </li>
                )}
                <li
                  className={
                    item.voided
                      ? 'me-item me-item-voided'
                      : item.points > 0
                        ? 'me-item'
                        : 'me-item me-item-zero'
                  }
                  data-testid="line-item"
                >
                  <time dateTime={item.occurredAt}>{formatTime(locale, item.occurredAt, timeZone)}</time>
                  <span className="me-item-text">{lineItemText(locale, item)}</span>
                </li>
              </Fragment>
            );
          })}
        </ul>
      )}
      {items.length > shown && (
        <button type="button" className="me-more" onClick={() => setExpanded(period)}>
          {t('me.items.more', { count: items.length - shown })}
        </button>
      )}
    </section>
  );
}
