// Code actions for findings: each rule fix as a quickfix (preferred when safe), "Suppress <rule> on this
// line" / "in this file" with the reason placeholder selected when the client can, and
// source.fixAll.skeptic, which applies only the fixes that cannot change behaviour wrongly.
import { CodeActionKind, type CodeAction, type Command, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { SELECT_RANGE_COMMAND } from '../../../common/src/protocol';
import type { Finding, LanguageId, Range } from '../../../common/src/types';
import { safeFixEdits } from '../engine/fixes';
import { LANGUAGES } from '../engine/languages';
import { SUPPRESSION_WITHOUT_REASON, UNUSED_SUPPRESSION } from '../engine/suppressions';
import { toDiagnostic } from './diagnostics';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.skeptic`;
const REASON = '<reason>';

const overlaps = (a: Range, b: Range): boolean =>
  !(a.end.line < b.start.line || (a.end.line === b.start.line && a.end.character < b.start.character) ||
    b.end.line < a.start.line || (b.end.line === a.start.line && b.end.character < a.start.character));

function edits(f: Finding): TextEdit[] {
  return (f.fix?.edits ?? []).map(e => ({ range: e.range, newText: e.newText }));
}

/** An inserted comment line, and where its reason placeholder lands, for selecting it afterwards. */
function suppression(doc: TextDocument, language: LanguageId, line: number, kind: 'next-line' | 'file', ruleId: string): { edit: TextEdit; placeholder: Range } {
  const text = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  const indent = kind === 'next-line' ? (/^[ \t]*/.exec(text)?.[0] ?? '') : '';
  const prefix = `${indent}${LANGUAGES[language].lineComment} skeptic-ignore-${kind} ${ruleId}: `;
  const at = { line, character: 0 };
  return {
    edit: { range: { start: at, end: at }, newText: `${prefix}${REASON}\n` },
    placeholder: { start: { line, character: prefix.length }, end: { line, character: prefix.length + REASON.length } },
  };
}

/** Line to put a file-level suppression on: after a shebang or a Python encoding line. */
function fileHeaderLine(doc: TextDocument): number {
  let line = 0;
  for (; line < 2 && line < doc.lineCount; line++) {
    const t = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
    if (!/^#!|^#.*coding[:=]/.test(t)) break;
  }
  return line;
}

export interface CodeActionInput {
  doc: TextDocument;
  language: LanguageId;
  findings: Finding[];
  range: Range;
  only?: string[];
  selectRangeCommand: boolean;
}

export function codeActions(input: CodeActionInput): CodeAction[] {
  const { doc, language, findings, range, only, selectRangeCommand } = input;
  const uri = doc.uri;
  const wants = (kind: string): boolean => !only || only.some(o => kind === o || kind.startsWith(o + '.'));
  const actions: CodeAction[] = [];
  const select = (r: Range): Command | undefined => (selectRangeCommand ? { title: 'Select the reason', command: SELECT_RANGE_COMMAND, arguments: [uri, r] } : undefined);

  if (wants(CodeActionKind.QuickFix)) {
    for (const f of findings) {
      if (!overlaps(f.range, range)) continue;
      const diagnostic: Diagnostic = toDiagnostic(f);
      if (f.ruleId === SUPPRESSION_WITHOUT_REASON || f.ruleId === UNUSED_SUPPRESSION) {
        if (f.ruleId === UNUSED_SUPPRESSION) {
          const line = f.range.start.line;
          actions.push({
            title: 'Remove the unused suppression',
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            isPreferred: true,
            edit: { changes: { [uri]: [{ range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, newText: '' }] } },
          });
        }
        continue;
      }
      if (f.fix) {
        actions.push({
          title: f.fix.safe ? f.fix.title : `${f.fix.title} (review the change)`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: f.fix.safe,
          edit: { changes: { [uri]: edits(f) } },
        });
      }
      const places: Array<[string, number, 'next-line' | 'file']> = [
        ['on this line', f.range.start.line, 'next-line'],
        ['in this file', fileHeaderLine(doc), 'file'],
      ];
      for (const [where, line, kind] of places) {
        const s = suppression(doc, language, line, kind, f.ruleId);
        actions.push({
          title: `Suppress ${f.ruleId} ${where}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: { changes: { [uri]: [s.edit] } },
          command: select(s.placeholder),
        });
      }
    }
  }
  if (only && wants(FIX_ALL_KIND)) {
    const { edits: all, applied } = safeFixEdits(findings);
    if (applied.length) {
      actions.push({
        title: `Fix all safe Skeptic findings (${applied.length})`,
        kind: FIX_ALL_KIND,
        diagnostics: applied.map(toDiagnostic),
        edit: { changes: { [uri]: all.map(e => ({ range: e.range, newText: e.newText })) } },
      });
    }
  }
  return actions;
}
