// Types shared by the engine, the CLI, the language server and the VS Code client.
// A Finding is produced in one place (the engine) and rendered many ways; nothing renders by re-matching.

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITIES: readonly Severity[] = ['info', 'warning', 'error'];

/** Rank for "at or above" comparisons: info < warning < error. */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** Languages parsed with a tree-sitter grammar. */
export type TreeLanguageId = 'javascript' | 'typescript' | 'tsx' | 'python' | 'java' | 'csharp' | 'go' | 'php' | 'ruby' | 'c' | 'cpp' | 'json' | 'yaml' | 'hcl' | 'toml';
/** Line-oriented file formats with no usable grammar: read line by line (see engine/lineRules.ts). */
export type LineLanguageId = 'dockerfile' | 'requirements' | 'dotenv' | 'msbuild' | 'maven' | 'blade' | 'gomod';
export type LanguageId = TreeLanguageId | LineLanguageId;

/** 0-based line and UTF-16 character, exactly as LSP positions. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEditSpec {
  range: Range;
  /** UTF-16 offsets into the document text the finding was computed on. */
  startIndex: number;
  endIndex: number;
  newText: string;
}

export interface FixProposal {
  title: string;
  /** Safe fixes cannot change behaviour wrongly: only these go into fixAll and `skeptic fix`. */
  safe: boolean;
  edits: TextEditSpec[];
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  cwe: string[];
  owasp: string[];
  message: string;
  range: Range;
  startIndex: number;
  endIndex: number;
  fix?: FixProposal;
  /** Span of every node the match captured (UTF-16 offsets): live re-analysis replaces a finding when
   *  an edited region touches this span. */
  matchStart?: number;
  matchEnd?: number;
}

/** The public face of a rule: what the CLI lists, SARIF describes and the hover shows. */
export interface RuleDocs {
  what: string;
  why: string;
  example: string;
  useInstead: string;
  fixSafety?: string;
}

export interface RuleInfo {
  id: string;
  languages: LanguageId[];
  severity: Severity;
  message: string;
  docs: RuleDocs;
  cwe: string[];
  owasp: string[];
  references: string[];
  confidence: 'low' | 'medium' | 'high';
  subcategory: 'vuln' | 'audit';
  status: 'stable' | 'preview' | 'deprecated';
  since: string;
  fixTitle?: string;
  fixSafe?: boolean;
  /** Where the rule was loaded from, relative to the rules root. */
  file: string;
}
