/** Progress to the next bonus tier and today's cap meters, from today's breakdown. */
import { useLocale, useT } from '../i18n/i18n.js';
import { formatMoney, formatPoints } from '../i18n/format.js';
import { useOrgStore } from '../org/org-store.js';
import { useMeStore } from './me-store.js';
import { capCategoryText, capMeterText, shortfallText } from './texts.js';

function Bar({ value, label }: { value: number; label: string }) {
  const share = Math.max(0, Math.min(1, value));
  return (
    <div
      className="me-bar"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(share * 100)}
    >
      <div className="me-bar-fill" style={{ transform: `scaleX(${share})` }} />
    </div>
  );
}

export function TierCard() {
  const t = useT();
  const locale = useLocale();
  const orgCurrency = useOrgStore((state) => state.currency);
  const progress = useMeStore((state) => state.breakdowns.today?.data?.tierProgress);
  const failed = useMeStore((state) => state.breakdowns.today?.error === 'failed');
  return (
    <section className="me-card" aria-labelledby="me-tier-title" data-testid="tier">
      <h2 id="me-tier-title">
        {t('me.tier.title')}
        {progress && ` · ${t(`period.${progress.period}`)}`}
      </h2>
      {!progress ? (
        <p className="me-dim">{failed ? t('me.error.load') : t('me.items.loading')}</p>
      ) : (
        <>
          <p className="me-tier-now">
            {progress.current ? t('me.tier.current', { tier: progress.current.name }) : t('me.tier.none')}
          </p>
          {progress.next ? (
            <>
              <Bar
                value={progress.milliPoints / (progress.next.minPoints * 1000)}
                label={t('me.tier.toReach', { tier: progress.next.name })}
              />
              <p className="me-dim me-tier-progress">
                {t('me.tier.progress', {
                  count: progress.next.minPoints,
                  have: formatPoints(locale, Math.floor(progress.milliPoints / 1000)),
                  need: formatPoints(locale, progress.next.minPoints),
                })}
              </p>
              <p className="me-tier-reach">{t('me.tier.toReach', { tier: progress.next.name })}:</p>
              <ul className="me-missing">
                {progress.next.missing.map((shortfall) => (
                  <li key={shortfall.what}>{shortfallText(locale, shortfall)}</li>
                ))}
              </ul>
              <p className="me-payout">
                {t('me.tier.payout', {
                  tier: progress.next.name,
                  money: formatMoney(locale, progress.next.payout, progress.currency || orgCurrency),
                })}
              </p>
            </>
          ) : progress.current ? (
            <p className="me-tier-top">{t('me.tier.top', { tier: progress.current.name })}</p>
          ) : (
            <p className="me-dim">{t('me.tier.noTiers')}</p>
          )}
        </>
      )}
    </section>
  );
}

export function CapMeters() {
  const t = useT();
  const locale = useLocale();
  const today = useMeStore((state) => state.breakdowns.today?.data);
  const failed = useMeStore((state) => state.breakdowns.today?.error === 'failed');
  return (
    <section className="me-card" aria-labelledby="me-caps-title" data-testid="caps">
      <h2 id="me-caps-title">{t('me.caps.title')}</h2>
      {!today ? (
        <p className="me-dim">{failed ? t('me.error.load') : t('me.items.loading')}</p>
      ) : today.caps.length === 0 ? (
        <p className="me-dim">{t('me.caps.none')}</p>
      ) : (
        <ul className="me-caps">
          {today.caps.map((cap) => (
            <li
              key={`${cap.day}:${cap.category}`}
              className={cap.reached ? 'me-cap me-cap-reached' : 'me-cap'}
            >
              <span className="me-cap-text">{capMeterText(locale, cap)}</span>
              <Bar
                value={cap.capMilliPoints === 0 ? 1 : cap.usedMilliPoints / cap.capMilliPoints}
                label={capCategoryText(locale, cap.category)}
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
