// Custom messages between the VS Code client and the server: a method name plus its typed payload,
// defined once here and imported by both sides.

/** Options the client passes at start-up (`initializationOptions`). */
export interface InitializationOptions {
  /** VS Code's workspace trust: workspace rule folders load only when true. Other editors: set it yourself. */
  workspaceTrusted?: boolean;
  /** The client can run `skeptic.selectRange` to select a suppression's reason placeholder. */
  selectRangeCommand?: boolean;
  /** Settings for clients without workspace/configuration (most non-VS Code editors). */
  settings?: Record<string, unknown>;
  /** Live parse budget in ms (default 1000); a parse that takes longer is cancelled. */
  parseBudgetMs?: number;
  /**
   * Language ids (LSP/VS Code) of the documents the editor is about to open, e.g. the active editor's.
   * The server compiles their rules while answering initialize — the editor waits for that answer before
   * it sends documents anyway — so the first diagnostics do not wait for the compile.
   */
  warmLanguages?: string[];
}

export const SELECT_RANGE_COMMAND = 'skeptic.selectRange';

/** Request: the rules the server runs (for "Skeptic: Show Rules"). */
export const LIST_RULES_REQUEST = 'skeptic/listRules';

/** Notification server -> client: a rule threw and was switched off for a document. */
export const RULE_FAILED_NOTIFICATION = 'skeptic/ruleFailed';
export interface RuleFailedParams {
  uri: string;
  ruleId: string;
  message: string;
}

/** Request: the exclusion zones of an open document (for the banner). */
export const ZONES_REQUEST = 'skeptic/zones';
export interface ZonesParams {
  uri: string;
}
export interface ZoneInfo {
  id: string;
  name: string;
  evidence: { kind: string; text: string; line: number }[];
}
export interface ZonesResult {
  zones: ZoneInfo[];
}

/** Request: scan every supported file of the workspace folders and publish their diagnostics. */
export const SCAN_WORKSPACE_REQUEST = 'skeptic/scanWorkspace';
export interface ScanWorkspaceResult {
  files: number;
  findings: number;
  skipped: number;
}

/**
 * Config, manifests, CI and infrastructure files, by name: editors give them many language ids (or none,
 * like Dockerfile without an extension), so the server decides by file name (server/src/engine/languages.ts,
 * which this list mirrors for the client's document selector; test/engine/languages.test.ts keeps the two in step).
 */
export const FILE_PATTERNS = [
  '**/*.json', '**/*.{yml,yaml}', '**/*.{tf,tfvars,hcl}', '**/*.toml', '**/Pipfile',
  '**/{Dockerfile,Containerfile}', '**/{Dockerfile,Containerfile}.*', '**/*.{dockerfile,containerfile}',
  '**/{requirements,constraints}*.{txt,in}', '**/requirements/*.{txt,in}',
  '**/.env', '**/.env.*', '**/*.env',
  '**/*.{csproj,fsproj,vbproj}', '**/{Directory.Packages.props,Directory.Build.props,packages.config}', '**/pom.xml',
  '**/*.blade.php', '**/go.mod',
];
