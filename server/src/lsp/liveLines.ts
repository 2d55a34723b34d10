// One open line-oriented document (Dockerfile, requirements file, .env, MSBuild or Maven manifest),
// analysed incrementally: after an edit only the logical lines it touched are re-run, and findings
// elsewhere move with the text. The whole file is re-run only when something with file-wide reach
// changed: the masking (an opened XML comment, a new line continuation) or a file-wide condition (a
// requirements file starting to use --hash). Rules whose file condition names a capture (a Dockerfile
// stage defined on another line) depend on every line: they alone re-run over the whole file.
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { LineLanguageId } from '../../../common/src/types';
import type { Engine } from '../engine/engine';
import { maskText } from '../engine/lineRules';
import type { LiveOptions } from './liveDocument';
import { LiveText } from './liveText';
import { addDirty, intersects, mergeRegions, shiftFindings, spanOf, type EditSpan, type Region } from './shiftFindings';
import { byCodeUnits } from '../../../common/src/order';

export class LiveLines extends LiveText {
  private fileWide = '';

  private constructor(
    private readonly engine: Engine,
    uri: string,
    readonly language: LineLanguageId,
    doc: TextDocument,
    private readonly options: LiveOptions,
  ) {
    super(uri, doc);
  }

  static open(engine: Engine, uri: string, language: LineLanguageId, version: number, text: string, options: LiveOptions): LiveLines {
    const live = new LiveLines(engine, uri, language, TextDocument.create(uri, language, version, text), options);
    live.analyzeFully();
    return live;
  }

  analyzeFully(): void {
    const text = this.doc.getText();
    this.fileWide = this.fileWideState(text);
    this.raw = this.engine.analyzeLines(this.language, text, this.analyzeOptions());
    this.lastStats = { analyzedLength: text.length, full: true };
  }

  /** What file-wide conditions see: re-analysis of everything is due when it changes. */
  private fileWideState(text: string): string {
    const rules = this.engine.ruleSet.forLines(this.language)?.rules ?? [];
    return rules.map(({ rule }) => rule.conditions.map(c => (c.kind === 'fileMatches' || c.kind === 'fileNotMatches' ? (c.regex.test(text) ? 1 : 0) : '')).join('')).join('|');
  }

  /** Rules whose file-wide condition reads a capture: a change on any line can change their findings. */
  private lineSpanning(): Set<string> {
    const rules = this.engine.ruleSet.forLines(this.language)?.rules ?? [];
    return new Set(rules.filter(({ rule }) => rule.conditions.some(c => (c.kind === 'fileMatches' || c.kind === 'fileNotMatches') && c.template)).map(({ rule }) => rule.spec.id));
  }

  private analyzeOptions(range?: Region, only?: (id: string) => boolean) {
    const isEnabled = only ? (id: string) => only(id) && this.options.isEnabled(id) : this.options.isEnabled;
    return { isEnabled, onRuleError: this.options.onRuleError, file: this.options.file, ...(range ? { startIndex: range[0], endIndex: range[1] } : {}) };
  }

  async applyChanges(changes: TextDocumentContentChangeEvent[], version: number): Promise<void> {
    if (changes.some(c => !('range' in c))) {
      this.doc = TextDocument.update(this.doc, changes, version);
      return this.analyzeFully();
    }
    const oldMasked = maskText(this.language, this.doc.getText());
    let dirty: Region[] = [];
    let last: EditSpan | undefined;
    for (const change of changes) {
      if (!('range' in change)) continue;
      last = spanOf(this.doc, change);
      this.raw = shiftFindings(this.raw, last);
      dirty = addDirty(dirty, last);
      this.doc = TextDocument.update(this.doc, [change], version);
    }
    const text = this.doc.getText();
    const masked = maskText(this.language, text);
    // Masking outside the edit must be unchanged, else comments or continuations moved: analyse all.
    const sameOutside = changes.length === 1 && !!last &&
      oldMasked.slice(0, last.startIndex) === masked.slice(0, last.startIndex) &&
      oldMasked.slice(last.oldEndIndex) === masked.slice(last.newEndIndex);
    const fileWide = this.fileWideState(text);
    if (!sameOutside || fileWide !== this.fileWide) return this.analyzeFully();
    // Whole logical lines around each change (a continuation makes several physical lines one).
    const regions = mergeRegions(dirty.map(([s, e]): Region => {
      const from = s === 0 ? 0 : masked.lastIndexOf('\n', s - 1) + 1;
      const end = masked.indexOf('\n', e);
      return [from, end === -1 ? masked.length : end];
    }));
    const spanning = this.lineSpanning();
    this.raw = this.raw.filter(f => !spanning.has(f.ruleId) && !regions.some(r => intersects(f.matchStart ?? f.startIndex, Math.max(f.matchEnd ?? f.endIndex, (f.matchStart ?? f.startIndex) + 1), r)));
    let analyzed = 0;
    for (const r of regions) {
      analyzed += r[1] - r[0];
      this.raw.push(...this.engine.analyzeLines(this.language, text, this.analyzeOptions(r, id => !spanning.has(id))));
    }
    if (spanning.size) this.raw.push(...this.engine.analyzeLines(this.language, text, this.analyzeOptions(undefined, id => spanning.has(id))));
    this.raw.sort((a, b) => a.startIndex - b.startIndex || a.endIndex - b.endIndex || byCodeUnits(a.ruleId, b.ruleId));
    this.lastStats = { analyzedLength: analyzed, full: false };
  }

  // Line-oriented documents have no syntax tree: nothing to settle, release or free.
  async settle(): Promise<boolean> {
    return false;
  }

  needsSettling(): boolean {
    return false;
  }

  releaseTree(): void {}

  dispose(): void {
    this.raw = [];
  }
}
