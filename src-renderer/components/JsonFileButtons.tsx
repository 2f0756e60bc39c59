/**
 * Import… and Export buttons for a JSON file (profiles, phonebook): Import opens a hidden file input
 * and hands the chosen file's text to `onImport`; Export asks `onExport` for the file's text and name
 * and saves it as a download. Renders the two buttons and the input only: the caller places them in
 * its own button row. Test ids: `${testId}-import`, `${testId}-export`, `${testId}-import-file`.
 */
import { useRef } from 'react';

/** Save JSON text as a file download named `fileName` (the browser host and Electron's renderer alike). */
export function downloadJson(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export interface JsonFileButtonsProps {
  /** Prefix of the three test ids, e.g. 'profiles'. */
  testId: string;
  /** The Export button's text. */
  exportLabel: string;
  /** Export is disabled (nothing to export). */
  exportDisabled: boolean;
  /** Receives the chosen file's text (it reports its own errors). */
  onImport: (json: string) => unknown;
  /** The file's text and suggested name, or undefined when there is nothing to save (it said why). */
  onExport: () => Promise<{ json: string; fileName: string } | undefined>;
}

export function JsonFileButtons({ testId, exportLabel, exportDisabled, onImport, onExport }: JsonFileButtonsProps) {
  const fileRef = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className="btn" data-testid={`${testId}-import`} onClick={() => fileRef.current?.click()}>
        Import…
      </button>
      <button type="button" className="btn" data-testid={`${testId}-export`} disabled={exportDisabled} onClick={() => void onExport().then((r) => r && downloadJson(r.fileName, r.json))}>
        {exportLabel}
      </button>
      <input
        ref={fileRef}
        type="file"
        accept="application/json,.json"
        className="hidden"
        data-testid={`${testId}-import-file`}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void file.text().then((json) => onImport(json));
        }}
      />
    </>
  );
}
