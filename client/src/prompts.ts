// The security-requirement prompts: Markdown files with front matter (in the extension's prompts/ folder,
// plus the user's own from `skeptic.prompts`), ordered so that the topics of the file's zones and of its
// current findings come first, inserted at the cursor as a comment block in the file's own comment syntax
// or copied to the clipboard for a chat panel.
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { parse as parseYaml } from 'yaml';

export interface Prompt {
  id: string;
  title: string;
  text: string;
  topics: string[];
  zones: string[];
  cwe: string[];
  source: string;
}

export function parsePrompt(markdown: string, source: string): Prompt {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(markdown);
  const meta = (m ? parseYaml(m[1]) : {}) as Partial<Prompt>;
  const body = (m ? m[2] : markdown).trim();
  const id = meta.id ?? path.basename(source, '.md');
  return { id, title: meta.title ?? id, text: body, topics: meta.topics ?? [], zones: meta.zones ?? [], cwe: meta.cwe ?? [], source };
}

export function loadPrompts(extensionPath: string): Prompt[] {
  const dir = path.join(extensionPath, 'prompts');
  const builtIn = fs.readdirSync(dir).filter(f => f.endsWith('.md')).sort().map(f => parsePrompt(fs.readFileSync(path.join(dir, f), 'utf8'), path.join(dir, f)));
  const custom: Prompt[] = [];
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  for (const p of vscode.workspace.getConfiguration('skeptic').get<string[]>('prompts', [])) {
    const file = path.isAbsolute(p) || !folder ? p : path.join(folder, p);
    try {
      custom.push(parsePrompt(fs.readFileSync(file, 'utf8'), file));
    } catch (e) {
      void vscode.window.showWarningMessage(`Skeptic: cannot read the prompt file ${p} (${(e as Error).message}); check the skeptic.prompts setting.`);
    }
  }
  return [...custom, ...builtIn];
}

/** Relevance to this file: zones it is in and CWEs of its current findings. Stable otherwise. */
export function rankPrompts(prompts: Prompt[], zoneIds: string[], findingCwes: string[]): Prompt[] {
  const score = (p: Prompt): number =>
    (p.zones.some(z => zoneIds.includes(z)) ? 2 : 0) + (p.cwe.some(c => findingCwes.includes(c)) ? 1 : 0) + (p.id === 'general' ? 0.5 : 0);
  return prompts.map((p, i) => ({ p, i, s: score(p) })).sort((a, b) => b.s - a.s || a.i - b.i).map(x => x.p);
}

const HASH_COMMENT = new Set(['python', 'ruby', 'shellscript', 'yaml', 'dockerfile', 'perl', 'r', 'toml', 'makefile', 'powershell', 'elixir', 'coffeescript']);

export function commentPrefix(languageId: string): string {
  if (HASH_COMMENT.has(languageId)) return '#';
  if (languageId === 'sql' || languageId === 'lua' || languageId === 'haskell') return '--';
  return '//';
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const para of text.split(/\r?\n/)) {
    let line = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (line && line.length + word.length + 1 > width) {
        out.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(line);
  }
  return out;
}

/** The prompt as a comment block, each line prefixed, indented like the line it is inserted on. */
export function promptComment(prompt: Prompt, languageId: string, indent: string): string {
  const c = commentPrefix(languageId);
  const lines = [`Security requirements (Skeptic): ${prompt.title}`, ...wrap(prompt.text, 80)];
  return lines.map(l => `${indent}${c}${l ? ' ' + l : ''}`).join('\n') + '\n';
}
