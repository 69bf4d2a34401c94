/**
 * The rule set editor: which version is open, its form and JSON (one document, two views kept in
 * step), problems from `POST /api/rulesets/validate` (debounced, the latest answer wins), saving as
 * a draft, the what-if preview and publishing.
 */
import type { ErrorDetail, PreviewResponse, RuleSetView, ValidationProblem } from '@leaderboard/contracts';
import { create } from 'zustand';
import { ApiError } from '../../session/api.js';
import { api } from '../../session/session-store.js';
import { messageOf, NOT_LOADED, trackLoad, type LoadState } from '../shared/load-state.js';
import { toDocument, toForm, type RuleSetForm } from './rule-set-form.js';

export const VALIDATE_DELAY_MS = 350;

export type EditorMode = 'form' | 'json';

export interface ActionError {
  message: string;
  details: ErrorDetail[];
}

export interface RulesState extends LoadState<string> {
  ruleSets: RuleSetView[];
  selectedId: string | null;
  mode: EditorMode;
  form: RuleSetForm;
  /** The document being edited: the form's, or the last JSON text that parsed. */
  document: unknown;
  jsonText: string;
  /** The JSON text does not parse (the document keeps its last good value). */
  jsonError: string | null;
  dirty: boolean;
  problems: ValidationProblem[];
  validating: boolean;
  busy: 'save' | 'preview' | 'publish' | 'delete' | null;
  actionError: ActionError | null;
  preview: PreviewResponse | null;
  /** The last thing that went well, for a short notice. */
  done: 'saved' | 'published' | 'deleted' | null;
  load: () => Promise<void>;
  select: (id: string) => void;
  setMode: (mode: EditorMode) => void;
  /** `recipe` changes a copy of the form in place. */
  editForm: (recipe: (form: RuleSetForm) => void) => void;
  editJson: (text: string) => void;
  validateNow: () => Promise<void>;
  save: () => Promise<RuleSetView | null>;
  runPreview: (from: string, to: string) => Promise<void>;
  publish: (effectiveFrom: string) => Promise<boolean>;
  deleteDraft: () => Promise<void>;
  reset: () => void;
}

const EMPTY_FORM = toForm({});

const EMPTY = {
  ruleSets: [],
  ...NOT_LOADED,
  selectedId: null,
  mode: 'form' as EditorMode,
  form: EMPTY_FORM,
  document: {},
  jsonText: '{}',
  jsonError: null,
  dirty: false,
  problems: [],
  validating: false,
  busy: null,
  actionError: null,
  preview: null,
  done: null,
};

/** The published version in effect now: the latest `effectiveFrom` not in the future. */
export function inEffect(ruleSets: readonly RuleSetView[], now = Date.now()): RuleSetView | undefined {
  return ruleSets
    .filter((set) => set.status === 'published' && set.effectiveFrom !== null)
    .filter((set) => Date.parse(set.effectiveFrom as string) <= now)
    .sort(
      (a, b) =>
        Date.parse(b.effectiveFrom as string) - Date.parse(a.effectiveFrom as string) ||
        (b.version ?? 0) - (a.version ?? 0),
    )[0];
}

function opened(ruleSet: RuleSetView | undefined) {
  const document = ruleSet?.document ?? {};
  return {
    selectedId: ruleSet?.id ?? null,
    form: toForm(document),
    document,
    jsonText: JSON.stringify(document, null, 2),
    jsonError: null,
    dirty: false,
    problems: [],
    preview: null,
    actionError: null,
  };
}

function actionError(error: unknown): ActionError {
  if (error instanceof ApiError) return { message: error.message, details: error.details };
  return { message: (error as Error).message, details: [] };
}

let timer: ReturnType<typeof setTimeout> | undefined;
let validation = 0;

export const useRulesStore = create<RulesState>()((set, get) => {
  function scheduleValidation(): void {
    clearTimeout(timer);
    timer = setTimeout(() => void get().validateNow(), VALIDATE_DELAY_MS);
  }

  const selected = (): RuleSetView | undefined =>
    get().ruleSets.find((ruleSet) => ruleSet.id === get().selectedId);

  /** The open document saved as a draft (a new one when a published version was edited). */
  async function ensureDraft(): Promise<RuleSetView | null> {
    const current = selected();
    if (current && current.status === 'draft' && !get().dirty) return current;
    if (current && current.status === 'published' && !get().dirty) return current;
    return get().save();
  }

  return {
    ...EMPTY,
    load: () =>
      trackLoad<RulesState, string>(
        set,
        async () => {
          const ruleSets = await api.get('/api/rulesets');
          const keep = ruleSets.find((ruleSet) => ruleSet.id === get().selectedId);
          return keep ? { ruleSets } : { ruleSets, ...opened(inEffect(ruleSets) ?? ruleSets[0]) };
        },
        { error: messageOf },
      ),
    select: (id) => {
      clearTimeout(timer);
      set({ ...opened(get().ruleSets.find((ruleSet) => ruleSet.id === id)), done: null });
    },
    setMode: (mode) => set({ mode }),
    editForm: (recipe) => {
      // The form is plain JSON data (jsdom has no structuredClone).
      const form = JSON.parse(JSON.stringify(get().form)) as RuleSetForm;
      recipe(form);
      const document = toDocument(form);
      set({
        form,
        document,
        jsonText: JSON.stringify(document, null, 2),
        jsonError: null,
        dirty: true,
        done: null,
      });
      scheduleValidation();
    },
    editJson: (text) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        clearTimeout(timer);
        set({ jsonText: text, jsonError: (error as Error).message, dirty: true, done: null });
        return;
      }
      set({
        jsonText: text,
        jsonError: null,
        document: parsed,
        form: toForm(parsed),
        dirty: true,
        done: null,
      });
      scheduleValidation();
    },
    validateNow: async () => {
      clearTimeout(timer);
      const ticket = ++validation;
      set({ validating: true });
      try {
        const result = await api.post('/api/rulesets/validate', { body: { document: get().document } });
        if (ticket === validation) set({ problems: result.problems, validating: false });
      } catch (error) {
        // The document is not an object: the API says so in its own words.
        if (ticket !== validation) return;
        const details = error instanceof ApiError ? error.details : [];
        set({
          validating: false,
          problems: details.map((detail) => ({
            path: (detail.path ?? '').replace(/^document\.?/, ''),
            message: detail.message,
          })),
        });
      }
    },
    save: async () => {
      const current = selected();
      set({ busy: 'save', actionError: null, done: null });
      try {
        const body = { document: get().document };
        const saved =
          current && current.status === 'draft'
            ? await api.patch('/api/rulesets/:id', { params: { id: current.id }, body })
            : await api.post('/api/rulesets', { body });
        const ruleSets = [saved, ...get().ruleSets.filter((ruleSet) => ruleSet.id !== saved.id)];
        set({ ruleSets, selectedId: saved.id, dirty: false, busy: null, done: 'saved' });
        return saved;
      } catch (error) {
        const failure = actionError(error);
        set({ busy: null, actionError: failure });
        if (error instanceof ApiError && error.code === 'RULESET_INVALID') {
          set({ problems: error.details.map((d) => ({ path: d.path ?? '', message: d.message })) });
        }
        return null;
      }
    },
    runPreview: async (from, to) => {
      const ruleSet = await ensureDraft();
      if (!ruleSet) return;
      set({ busy: 'preview', actionError: null });
      try {
        const preview = await api.post('/api/rulesets/:id/preview', {
          params: { id: ruleSet.id },
          body: { from, to },
        });
        set({ preview, busy: null });
      } catch (error) {
        set({ busy: null, actionError: actionError(error) });
      }
    },
    publish: async (effectiveFrom) => {
      const ruleSet = await ensureDraft();
      if (!ruleSet) return false;
      set({ busy: 'publish', actionError: null });
      try {
        const published = await api.post('/api/rulesets/:id/publish', {
          params: { id: ruleSet.id },
          body: { effectiveFrom },
        });
        set({
          ruleSets: [published, ...get().ruleSets.filter((item) => item.id !== published.id)],
          ...opened(published),
          busy: null,
          done: 'published',
        });
        void get().load();
        return true;
      } catch (error) {
        set({ busy: null, actionError: actionError(error) });
        return false;
      }
    },
    deleteDraft: async () => {
      const current = selected();
      if (!current || current.status !== 'draft') return;
      set({ busy: 'delete', actionError: null });
      try {
        await api.delete('/api/rulesets/:id', { params: { id: current.id } });
        const ruleSets = get().ruleSets.filter((ruleSet) => ruleSet.id !== current.id);
        set({ ruleSets, ...opened(inEffect(ruleSets) ?? ruleSets[0]), busy: null, done: 'deleted' });
      } catch (error) {
        set({ busy: null, actionError: actionError(error) });
      }
    },
    reset: () => {
      clearTimeout(timer);
      validation += 1;
      set(EMPTY);
    },
  };
});
