/**
 * The types of the message catalogs. The texts are in `catalogs/`, one per surface so that a surface
 * downloads only its own: `common` (every surface, in the entry chunk), `tv`, `me`, `kpi` (/me and
 * /admin) and `admin`, each in English and Russian. `{name}` is a parameter; a message with plural
 * forms is an object of `Intl.PluralRules` categories, chosen by the `count` parameter.
 */
import type { en as admin } from './catalogs/admin.js';
import type { en as common } from './catalogs/common.js';
import type { en as kpi } from './catalogs/kpi.js';
import type { en as me } from './catalogs/me.js';
import type { en as tv } from './catalogs/tv.js';

export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
export type Message = string | PluralForms;

/** Every key of every catalog: `t(key)` takes any of them, whichever surface registered it. */
export type MessageKey =
  keyof typeof common | keyof typeof tv | keyof typeof me | keyof typeof kpi | keyof typeof admin;

/** One surface's texts in both languages, as a catalog module exports them. */
export interface Catalog {
  en: Partial<Record<MessageKey, Message>>;
  ru: Partial<Record<MessageKey, Message>>;
}
