// What every live document has, whatever analyses it: the text (one copy), its version, the findings
// before suppressions and settings filters, and what the last update analysed.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../../../common/src/types';

export interface AnalysisStats {
  /** UTF-16 code units the query ran over in the last update (the whole text for a full analysis). */
  analyzedLength: number;
  full: boolean;
}

export abstract class LiveText {
  protected raw: Finding[] = [];
  lastStats: AnalysisStats = { analyzedLength: 0, full: true };

  protected constructor(readonly uri: string, public doc: TextDocument) {}

  get version(): number {
    return this.doc.version;
  }

  get text(): string {
    return this.doc.getText();
  }

  /** Findings before suppressions and settings filters are applied. */
  findings(): Finding[] {
    return this.raw;
  }
}
