// Which languages Skeptic parses: file extensions, grammar files and comment syntax.
// One table, so that adding a language is one entry here plus its dialect in dialects.ts.
import * as path from 'path';
import type { LanguageId } from '../../../common/src/types';

export interface LanguageSpec {
  id: LanguageId;
  /** Name of the grammar .wasm file in the grammars directory. */
  wasm: string;
  extensions: string[];
  /** Exact file names (manifests) for languages that are only scanned in specific files. */
  fileNames?: string[];
  /** Line comment prefix, for suppression comments and inserted prompts. */
  lineComment: string;
}

export const LANGUAGES: Record<LanguageId, LanguageSpec> = {
  javascript: { id: 'javascript', wasm: 'tree-sitter-javascript.wasm', extensions: ['.js', '.mjs', '.cjs', '.jsx'], lineComment: '//' },
  typescript: { id: 'typescript', wasm: 'tree-sitter-typescript.wasm', extensions: ['.ts', '.mts', '.cts'], lineComment: '//' },
  tsx: { id: 'tsx', wasm: 'tree-sitter-tsx.wasm', extensions: ['.tsx'], lineComment: '//' },
  python: { id: 'python', wasm: 'tree-sitter-python.wasm', extensions: ['.py', '.pyw'], lineComment: '#' },
  java: { id: 'java', wasm: 'tree-sitter-java.wasm', extensions: ['.java'], lineComment: '//' },
  csharp: { id: 'csharp', wasm: 'tree-sitter-c_sharp.wasm', extensions: ['.cs'], lineComment: '//' },
  go: { id: 'go', wasm: 'tree-sitter-go.wasm', extensions: ['.go'], lineComment: '//' },
  // JSON is parsed only for manifests: a linter has nothing to say about arbitrary data files.
  json: { id: 'json', wasm: 'tree-sitter-json.wasm', extensions: [], fileNames: ['package.json'], lineComment: '//' },
};

export const LANGUAGE_IDS = Object.keys(LANGUAGES) as LanguageId[];

const byExtension = new Map<string, LanguageId>();
const byFileName = new Map<string, LanguageId>();
for (const spec of Object.values(LANGUAGES)) {
  for (const ext of spec.extensions) byExtension.set(ext, spec.id);
  for (const name of spec.fileNames ?? []) byFileName.set(name, spec.id);
}

/** The language of a file by its name, or undefined when Skeptic does not parse it. */
export function languageForPath(filePath: string): LanguageId | undefined {
  return byFileName.get(path.basename(filePath)) ?? byExtension.get(path.extname(filePath).toLowerCase());
}

/** VS Code language ids that map onto our grammars. */
export const VSCODE_LANGUAGE_IDS: Record<string, LanguageId> = {
  javascript: 'javascript',
  javascriptreact: 'javascript',
  typescript: 'typescript',
  typescriptreact: 'tsx',
  python: 'python',
  java: 'java',
  csharp: 'csharp',
  go: 'go',
  json: 'json',
};
