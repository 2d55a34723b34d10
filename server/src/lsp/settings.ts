// Settings per resource: the editor's `skeptic.*` (pulled with workspace/configuration, cached per
// document and dropped on didChangeConfiguration) over the workspace folder's `.skeptic.yaml` (read once,
// reloaded when the file changes). Never one global value: folders may disagree.
import * as path from 'path';
import { fileURLToPath } from 'url';
import type { Connection } from 'vscode-languageserver';
import { mergeSettings, type RepositoryConfig, type SkepticSettings } from '../../../common/src/settings';
import { ignoreMatcher, readConfig } from '../engine/config';

export interface ResolvedSettings extends SkepticSettings {
  isIgnored: (absPath: string) => boolean;
}

/** The file system path of a file: URI; undefined for untitled documents and other schemes. */
export function filePath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

export class SettingsStore {
  private readonly perResource = new Map<string, Promise<ResolvedSettings>>();
  private readonly repoConfigs = new Map<string, RepositoryConfig | undefined>();
  /** Settings sent with didChangeConfiguration or initializationOptions, for clients that cannot be asked. */
  private pushed: Partial<SkepticSettings> | undefined;

  constructor(
    private readonly connection: Connection,
    private folders: string[],
    private readonly canPull: boolean,
    private readonly log: (message: string) => void,
  ) {}

  setFolders(folders: string[]): void {
    this.folders = folders;
    this.invalidate();
  }

  setPushed(settings: unknown): void {
    this.pushed = settings && typeof settings === 'object' ? (settings as Partial<SkepticSettings>) : undefined;
  }

  /** Forget everything cached: configuration or .skeptic.yaml changed. */
  invalidate(): void {
    this.perResource.clear();
    this.repoConfigs.clear();
  }

  folderOf(uri: string): string | undefined {
    const file = filePath(uri);
    if (!file) return undefined;
    return this.folders.filter(f => file === f || file.startsWith(f + path.sep)).sort((a, b) => b.length - a.length)[0];
  }

  repoConfig(folder: string): RepositoryConfig | undefined {
    if (!this.repoConfigs.has(folder)) {
      let config: RepositoryConfig | undefined;
      try {
        config = readConfig(folder);
      } catch (e) {
        this.log(`${(e as Error).message} — using defaults until it is fixed`);
        void this.connection.window.showWarningMessage(`Skeptic: ${(e as Error).message}`);
      }
      this.repoConfigs.set(folder, config);
    }
    return this.repoConfigs.get(folder);
  }

  get(uri: string): Promise<ResolvedSettings> {
    let p = this.perResource.get(uri);
    if (!p) {
      p = this.resolve(uri);
      this.perResource.set(uri, p);
    }
    return p;
  }

  forget(uri: string): void {
    this.perResource.delete(uri);
  }

  private async resolve(uri: string): Promise<ResolvedSettings> {
    let editor: Partial<SkepticSettings> | undefined = this.pushed;
    if (this.canPull) {
      try {
        editor = ((await this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'skeptic' })) ?? undefined) as Partial<SkepticSettings> | undefined;
      } catch (e) {
        this.log(`could not read settings for ${uri}: ${(e as Error).message}`);
      }
    }
    const folder = this.folderOf(uri);
    const repo = folder ? this.repoConfig(folder) : undefined;
    const merged = mergeSettings(repo, editor);
    const file = filePath(uri);
    const base = folder ?? (file ? path.dirname(file) : '/');
    return { ...merged, isIgnored: ignoreMatcher(merged.ignore, base) };
  }
}
