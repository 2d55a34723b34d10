// Reads `.skeptic.yaml` (the repository's Skeptic policy) for the CLI and the server alike, validated
// against rules/config.schema.json with errors that name the field.
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { type ValidateFunction } from 'ajv';
import picomatch from 'picomatch';
import { parseDocument } from 'yaml';
import type { RepositoryConfig } from '../../../common/src/settings';
import { findAssetsDir } from './treeSitter';

export const CONFIG_FILE = '.skeptic.yaml';

let validator: ValidateFunction | undefined;

export class ConfigError extends Error {}

export function parseConfig(text: string, file: string): RepositoryConfig {
  const doc = parseDocument(text);
  if (doc.errors.length) throw new ConfigError(`${file}: YAML syntax error: ${doc.errors[0].message.split('\n')[0]}`);
  const data = (doc.toJS() ?? {}) as unknown;
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(fs.readFileSync(path.join(findAssetsDir(), 'config.schema.json'), 'utf8')) as object);
  if (!validator(data)) {
    const e = validator.errors![0];
    const extra = e.keyword === 'additionalProperties' ? ` "${(e.params as { additionalProperty: string }).additionalProperty}"` : '';
    throw new ConfigError(`${file}: ${e.instancePath || '(top level)'}: ${e.message}${extra}`);
  }
  return data as RepositoryConfig;
}

/** The .skeptic.yaml in `dir`, or undefined. Throws ConfigError when it exists but is invalid. */
export function readConfig(dir: string): RepositoryConfig | undefined {
  const file = path.join(dir, CONFIG_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  return parseConfig(text, file);
}

/** Nearest directory at or above `start` holding .skeptic.yaml, stopping at the repository root. */
export function findConfigDir(start: string): string | undefined {
  for (let d = path.resolve(start); ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, CONFIG_FILE))) return d;
    if (fs.existsSync(path.join(d, '.git')) || path.dirname(d) === d) return undefined;
  }
}

/** A matcher for ignore globs relative to `base`. */
export function ignoreMatcher(globs: string[], base: string): (absPath: string) => boolean {
  if (!globs.length) return () => false;
  const isMatch = picomatch(globs, { dot: true });
  return abs => {
    const rel = path.relative(base, abs).split(path.sep).join('/');
    return !rel.startsWith('..') && isMatch(rel);
  };
}
