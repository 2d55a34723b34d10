// Which languages Skeptic reads: file names, grammar files and comment syntax. One table, so that adding a
// language is one entry here plus, for a grammar, its dialect in dialects.ts. Two kinds: source code and
// structured config parsed with a tree-sitter grammar, and line-oriented formats (Dockerfiles,
// requirements files, .env, MSBuild and Maven manifests) read line by line by engine/lineRules.ts.
import * as path from 'path';
import type { LanguageId, LineLanguageId, TreeLanguageId } from '../../../common/src/types';

interface CommonSpec {
  extensions: string[];
  /** Exact file names (manifests, Dockerfile). */
  fileNames?: string[];
  /** Base names matched by pattern (requirements-dev.txt, Dockerfile.prod, .env.local). */
  fileNamePattern?: RegExp;
  /** Base names never read although the extension matches: lock files are generated data, not code. */
  excludeFileNames?: string[];
  /** Line comment prefix, for suppression comments and inserted prompts. */
  lineComment: string;
  /** Closes a comment opened by lineComment (XML). */
  commentEnd?: string;
}

export interface TreeLanguageSpec extends CommonSpec {
  id: TreeLanguageId;
  kind: 'tree';
  /** Name of the grammar .wasm file in the grammars directory. */
  wasm: string;
}

export interface LineLanguageSpec extends CommonSpec {
  id: LineLanguageId;
  kind: 'lines';
  /** A line ending in this continues on the next one (Dockerfile, requirements files). */
  continuation?: string;
}

export type LanguageSpec = TreeLanguageSpec | LineLanguageSpec;

const LOCK_FILES = ['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'composer.lock', 'yarn.lock'];

export const LANGUAGES: { [K in TreeLanguageId]: TreeLanguageSpec & { id: K } } & { [K in LineLanguageId]: LineLanguageSpec & { id: K } } = {
  javascript: { id: 'javascript', kind: 'tree', wasm: 'tree-sitter-javascript.wasm', extensions: ['.js', '.mjs', '.cjs', '.jsx'], lineComment: '//' },
  typescript: { id: 'typescript', kind: 'tree', wasm: 'tree-sitter-typescript.wasm', extensions: ['.ts', '.mts', '.cts'], lineComment: '//' },
  tsx: { id: 'tsx', kind: 'tree', wasm: 'tree-sitter-tsx.wasm', extensions: ['.tsx'], lineComment: '//' },
  python: { id: 'python', kind: 'tree', wasm: 'tree-sitter-python.wasm', extensions: ['.py', '.pyw'], lineComment: '#' },
  java: { id: 'java', kind: 'tree', wasm: 'tree-sitter-java.wasm', extensions: ['.java'], lineComment: '//' },
  csharp: { id: 'csharp', kind: 'tree', wasm: 'tree-sitter-c_sharp.wasm', extensions: ['.cs'], lineComment: '//' },
  go: { id: 'go', kind: 'tree', wasm: 'tree-sitter-go.wasm', extensions: ['.go'], lineComment: '//' },
  // The PHP grammar with HTML around <?php … ?>: templates are where cross-site scripting lives.
  php: { id: 'php', kind: 'tree', wasm: 'tree-sitter-php.wasm', extensions: ['.php', '.phtml', '.php8'], lineComment: '//' },
  ruby: { id: 'ruby', kind: 'tree', wasm: 'tree-sitter-ruby.wasm', extensions: ['.rb', '.rake', '.gemspec'], fileNames: ['Gemfile', 'Rakefile'], lineComment: '#' },
  // .h is read as C: a C++ header with classes or templates parses with errors but its calls are still found.
  c: { id: 'c', kind: 'tree', wasm: 'tree-sitter-c.wasm', extensions: ['.c', '.h'], lineComment: '//' },
  cpp: { id: 'cpp', kind: 'tree', wasm: 'tree-sitter-cpp.wasm', extensions: ['.cpp', '.cc', '.cxx', '.c++', '.hpp', '.hh', '.hxx', '.ino'], lineComment: '//' },
  // JSON has no comments; a suppression there uses the "//" key convention (see suppressions.ts).
  json: { id: 'json', kind: 'tree', wasm: 'tree-sitter-json.wasm', extensions: ['.json'], excludeFileNames: LOCK_FILES, lineComment: '//' },
  yaml: { id: 'yaml', kind: 'tree', wasm: 'tree-sitter-yaml.wasm', extensions: ['.yml', '.yaml'], excludeFileNames: LOCK_FILES, lineComment: '#' },
  // The Terraform grammar is HCL plus Terraform's template forms: it reads plain .hcl too.
  hcl: { id: 'hcl', kind: 'tree', wasm: 'tree-sitter-terraform.wasm', extensions: ['.tf', '.tfvars', '.hcl'], lineComment: '#' },
  toml: { id: 'toml', kind: 'tree', wasm: 'tree-sitter-toml.wasm', extensions: ['.toml'], fileNames: ['Pipfile'], lineComment: '#' },
  dockerfile: { id: 'dockerfile', kind: 'lines', extensions: ['.dockerfile', '.containerfile'], fileNames: ['Dockerfile', 'Containerfile'], fileNamePattern: /^(Dockerfile|Containerfile)\.[\w.-]+$/, lineComment: '#', continuation: '\\' },
  requirements: { id: 'requirements', kind: 'lines', extensions: [], fileNamePattern: /^(requirements|constraints)([\w.-]*)\.(txt|in)$/i, lineComment: '#', continuation: '\\' },
  dotenv: { id: 'dotenv', kind: 'lines', extensions: ['.env'], fileNamePattern: /^\.env(\.[\w.-]+)?$/, lineComment: '#' },
  msbuild: { id: 'msbuild', kind: 'lines', extensions: ['.csproj', '.fsproj', '.vbproj'], fileNames: ['Directory.Packages.props', 'Directory.Build.props', 'packages.config'], lineComment: '<!--', commentEnd: '-->' },
  maven: { id: 'maven', kind: 'lines', extensions: [], fileNames: ['pom.xml'], lineComment: '<!--', commentEnd: '-->' },
  // go.mod: versions are exact and go.sum pins hashes by design; what is worth a look is what replaces them.
  gomod: { id: 'gomod', kind: 'lines', extensions: [], fileNames: ['go.mod'], lineComment: '//' },
  // Laravel Blade templates: {{ }} escapes, {!! !!} does not. The PHP grammar sees only HTML text there.
  blade: { id: 'blade', kind: 'lines', extensions: [], fileNamePattern: /\.blade\.php$/, lineComment: '{{--', commentEnd: '--}}' },
};

export const LANGUAGE_IDS = Object.keys(LANGUAGES) as LanguageId[];

export function isLineLanguage(id: LanguageId): id is LineLanguageId {
  return LANGUAGES[id].kind === 'lines';
}

const byExtension = new Map<string, LanguageId>();
const byFileName = new Map<string, LanguageId>();
const excluded = new Set<string>();
for (const spec of Object.values(LANGUAGES) as LanguageSpec[]) {
  for (const ext of spec.extensions) byExtension.set(ext, spec.id);
  for (const name of spec.fileNames ?? []) byFileName.set(name, spec.id);
  for (const name of spec.excludeFileNames ?? []) excluded.add(name);
}
const byPattern = (Object.values(LANGUAGES) as LanguageSpec[]).filter(s => s.fileNamePattern);

/** Lock files and other generated data Skeptic never reads, whatever an editor calls them. */
export function isNeverRead(filePath: string): boolean {
  return excluded.has(path.basename(filePath));
}

/** The language of a file by its name, or undefined when Skeptic does not read it. */
export function languageForPath(filePath: string): LanguageId | undefined {
  if (isNeverRead(filePath)) return undefined;
  const base = path.basename(filePath);
  const exact = byFileName.get(base) ?? byPattern.find(s => s.fileNamePattern!.test(base))?.id;
  if (exact) return exact;
  // requirements/base.txt, requirements/dev.in: the pip convention of a requirements folder
  if (/\.(txt|in)$/.test(base) && path.basename(path.dirname(filePath)) === 'requirements') return 'requirements';
  return byExtension.get(path.extname(base).toLowerCase());
}

/** VS Code language ids that map onto ours; a file's name decides first (see the server's languageOf). */
export const VSCODE_LANGUAGE_IDS: Record<string, LanguageId> = {
  javascript: 'javascript',
  javascriptreact: 'javascript',
  typescript: 'typescript',
  typescriptreact: 'tsx',
  python: 'python',
  java: 'java',
  csharp: 'csharp',
  go: 'go',
  php: 'php',
  ruby: 'ruby',
  c: 'c',
  cpp: 'cpp',
  json: 'json',
  yaml: 'yaml',
  'github-actions-workflow': 'yaml',
  dockercompose: 'yaml',
  terraform: 'hcl',
  hcl: 'hcl',
  toml: 'toml',
  dockerfile: 'dockerfile',
  'pip-requirements': 'requirements',
  blade: 'blade',
  'go.mod': 'gomod',
  dotenv: 'dotenv',
};
