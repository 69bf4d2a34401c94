/**
 * The one i18n module: the current locale (a zustand store, persisted), `translate` for code outside
 * React and `useT` for components. Russian and English; the browser's language picks the first one,
 * `?lang=` or the switch overrides it. The common texts are here from the start; a surface's own
 * catalog (`catalogs/tv`, `me`, `kpi`, `admin`) comes in its lazily loaded chunk, which registers it
 * with `registerMessages` when the chunk is evaluated, before the surface renders.
 */
import { create } from 'zustand';
import * as common from './catalogs/common.js';
import type { Catalog, Message, MessageKey } from './messages.js';

export const LOCALES = ['ru', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const MESSAGES: Record<Locale, Partial<Record<MessageKey, Message>>> = {
  ru: { ...common.ru },
  en: { ...common.en },
};
const STORAGE_KEY = 'leaderboard.locale';
/** The people of the demo org sell in Russian: a browser in neither language gets Russian. */
const FALLBACK: Locale = 'ru';

export type Params = Record<string, string | number>;

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The first of the browser's languages we speak (`en-GB` -> en), else the fallback. */
export function detectLocale(languages: readonly string[]): Locale {
  for (const language of languages) {
    const base = language.toLowerCase().split('-')[0];
    if (isLocale(base)) return base;
  }
  return FALLBACK;
}

/** `?lang=`, then the saved choice, then the browser's languages. */
export function initialLocale(): Locale {
  if (typeof window === 'undefined') return FALLBACK;
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  if (isLocale(fromUrl)) return fromUrl;
  const saved = readSaved();
  if (isLocale(saved)) return saved;
  return detectLocale(window.navigator.languages ?? [window.navigator.language]);
}

interface LocaleState {
  locale: Locale;
  setLocale: (locale: Locale) => void;
}

export const useLocaleStore = create<LocaleState>()((set) => ({
  locale: initialLocale(),
  setLocale: (locale) => {
    save(locale);
    set({ locale });
  },
}));

/** Adds a surface's catalog to the texts `translate` knows; registering one twice changes nothing. */
export function registerMessages(catalog: Catalog): void {
  Object.assign(MESSAGES.en, catalog.en);
  Object.assign(MESSAGES.ru, catalog.ru);
}

/**
 * The text of `key` in `locale` with `{param}`s filled in; plural forms by `params.count`. A key
 * whose catalog is not registered yet shows as itself.
 */
export function translate(locale: Locale, key: MessageKey, params: Params = {}): string {
  const message = MESSAGES[locale][key] ?? MESSAGES.en[key] ?? key;
  const template =
    typeof message === 'string'
      ? message
      : (message[new Intl.PluralRules(locale).select(Number(params.count ?? 0))] ?? message.other);
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export type Translate = (key: MessageKey, params?: Params) => string;

/** For components: re-renders when the locale changes. */
export function useT(): Translate {
  const locale = useLocaleStore((state) => state.locale);
  return (key, params) => translate(locale, key, params);
}

export function useLocale(): Locale {
  return useLocaleStore((state) => state.locale);
}

function readSaved(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function save(locale: Locale): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // A kiosk browser without storage still switches, for this page view.
  }
}
