import { LOCALES, useLocaleStore, useT } from '../i18n/i18n.js';

/** RU | EN: the choice is remembered on this device. */
export function LanguageSwitch({ className }: { className?: string }) {
  const t = useT();
  const locale = useLocaleStore((state) => state.locale);
  const setLocale = useLocaleStore((state) => state.setLocale);
  return (
    <div className={className ?? 'lang-switch'} role="group" aria-label={t('lang.switch')}>
      {LOCALES.map((option) => (
        <button
          key={option}
          type="button"
          lang={option}
          aria-pressed={option === locale}
          onClick={() => setLocale(option)}
        >
          {option.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
