/** The events CSV import: the file chosen, its preview, then the answer (counts) or the refusal by row. */
import { create } from 'zustand';
import type { EventImportResponse } from '@leaderboard/contracts';
import { ApiError } from '../../session/api.js';
import { api } from '../../session/session-store.js';
import { previewCsv, type CsvPreview } from './csv-preview.js';

/** The preview reads this much of the file's start. */
const PREVIEW_BYTES = 64 * 1024;

/** One line of the refusal: the file's row (the header is row 1), the column, the server's text. */
export interface ImportProblem {
  row: number | null;
  column: string | null;
  message: string;
}

export interface ImportState {
  file: File | null;
  preview: CsvPreview | null;
  uploading: boolean;
  result: EventImportResponse | null;
  /** The refusal's message, and its problems by row. */
  refusal: { status: number; message: string; problems: ImportProblem[] } | null;
  choose: (file: File | null) => Promise<void>;
  upload: () => Promise<void>;
}

const EMPTY = { file: null, preview: null, uploading: false, result: null, refusal: null };

const ROW_PATH = /^row (\d+)(?:: (.+))?$/;

/** `{ index: 17, path: "row 17: occurredAt", message }` as a problem line. */
export function problemOf(detail: { index?: number; path?: string; message: string }): ImportProblem {
  const match = ROW_PATH.exec(detail.path ?? '');
  return {
    row: detail.index ?? (match ? Number(match[1]) : null),
    column: match?.[2] ?? null,
    message: detail.message,
  };
}

/** A blob's text through FileReader (older browsers, and jsdom, have no `Blob.text()`). */
export function readText(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsText(blob);
  });
}

export const useImportStore = create<ImportState>()((set, get) => ({
  ...EMPTY,
  choose: async (file) => {
    set({ ...EMPTY, file });
    if (file === null) return;
    const text = await readText(file.slice(0, PREVIEW_BYTES));
    if (get().file === file) set({ preview: previewCsv(text, 5, file.size <= PREVIEW_BYTES) });
  },
  upload: async () => {
    const file = get().file;
    if (file === null || get().uploading) return;
    set({ uploading: true, result: null, refusal: null });
    try {
      const result = await api.upload('/api/events/import', file);
      set({ uploading: false, result });
    } catch (error) {
      const refusal =
        error instanceof ApiError
          ? { status: error.status, message: error.message, problems: error.details.map(problemOf) }
          : { status: 0, message: (error as Error).message, problems: [] };
      set({ uploading: false, refusal });
    }
  },
}));

/** Resets the tab (tests, and a new visit). */
export function resetImport(): void {
  useImportStore.setState(EMPTY);
}
