// Owns web-tree-sitter: one runtime init per process, grammars loaded lazily on first use of a language,
// and where the .wasm files live (beside the bundle in dist/, or dist/ of the checkout for tests).
import * as fs from 'fs';
import * as path from 'path';
import { Parser, Language } from 'web-tree-sitter';
import type { TreeLanguageId } from '../../../common/src/types';
import { LANGUAGES } from './languages';

let assetsDir: string | undefined;

/** dist/ holds web-tree-sitter.wasm, grammars/*.wasm and rules.json; found from this module's location. */
export function findAssetsDir(): string {
  if (assetsDir) return assetsDir;
  const fromEnv = process.env.SKEPTIC_ASSETS;
  const candidates: string[] = fromEnv ? [fromEnv] : [];
  for (let dir = __dirname, i = 0; i < 6; i++, dir = path.dirname(dir)) {
    candidates.push(dir, path.join(dir, 'dist'));
  }
  for (const c of candidates) {
    if (fs.existsSync(path.join(c, 'grammars', LANGUAGES.python.wasm))) return (assetsDir = c);
  }
  throw new Error('Skeptic cannot find its grammar files (dist/grammars). Run `npm run build` first.');
}

let initPromise: Promise<void> | undefined;
const languages = new Map<TreeLanguageId, Promise<Language>>();

export function initTreeSitter(): Promise<void> {
  initPromise ??= Parser.init({ locateFile: () => path.join(findAssetsDir(), 'web-tree-sitter.wasm') });
  return initPromise;
}

/** The grammar for a language, loaded on first use and cached for the life of the process. */
export function loadLanguage(id: TreeLanguageId): Promise<Language> {
  let p = languages.get(id);
  if (!p) {
    p = initTreeSitter().then(() => Language.load(path.join(findAssetsDir(), 'grammars', LANGUAGES[id].wasm)));
    languages.set(id, p);
  }
  return p;
}
