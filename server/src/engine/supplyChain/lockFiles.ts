// What a lock file beside a manifest says was installed: package-lock.json / npm-shrinkwrap.json (npm),
// poetry.lock and uv.lock (TOML, [[package]] tables) and Pipfile.lock (JSON) for PyPI. Read as data only.
import type { Ecosystem } from '../ruleLoader';
import type { FileContext } from './fileContext';
import { normalizeName } from './versions';

export interface LockedVersion {
  version: string;
  /** The lock file's name, for the fix's title. */
  lockFile: string;
}

function fromPackageLock(text: string, name: string): string | undefined {
  try {
    const lock = JSON.parse(text) as { packages?: Record<string, { version?: string }>; dependencies?: Record<string, { version?: string }> };
    return lock.packages?.[`node_modules/${name}`]?.version ?? lock.dependencies?.[name]?.version;
  } catch {
    return undefined;
  }
}

/** poetry.lock and uv.lock: `[[package]]` tables with `name = "…"` and `version = "…"`. */
function fromTomlLock(text: string, name: string): string | undefined {
  for (const table of text.split(/^\[\[package\]\]\s*$/m).slice(1)) {
    const n = /^name\s*=\s*"([^"]+)"/m.exec(table)?.[1];
    if (n && normalizeName('pypi', n) === name) return /^version\s*=\s*"([^"]+)"/m.exec(table)?.[1];
  }
  return undefined;
}

function fromPipfileLock(text: string, name: string): string | undefined {
  try {
    const lock = JSON.parse(text) as Record<string, Record<string, { version?: string }>>;
    for (const section of ['default', 'develop']) {
      for (const [n, entry] of Object.entries(lock[section] ?? {})) {
        if (normalizeName('pypi', n) === name && entry.version) return entry.version.replace(/^==/, '');
      }
    }
  } catch {
    return undefined;
  }
  return undefined;
}

const READERS: Record<Ecosystem, [string, (text: string, name: string) => string | undefined][]> = {
  npm: [['package-lock.json', fromPackageLock], ['npm-shrinkwrap.json', fromPackageLock]],
  pypi: [['poetry.lock', fromTomlLock], ['uv.lock', fromTomlLock], ['Pipfile.lock', fromPipfileLock]],
};

/** The version of `name` that a lock file beside the manifest records, or undefined. */
export function lockedVersion(ecosystem: Ecosystem, name: string, file: FileContext): LockedVersion | undefined {
  const key = normalizeName(ecosystem, name);
  for (const [lockFile, read] of READERS[ecosystem]) {
    const text = file.sibling(lockFile);
    if (text === undefined) continue;
    const version = read(text, key);
    if (version) return { version, lockFile };
  }
  return undefined;
}
