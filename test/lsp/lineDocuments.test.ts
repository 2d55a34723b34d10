// Line-oriented documents (Dockerfile, requirements files) are live too: after random edits — typing,
// deletions, pasted lines, line continuations and comments opened and closed — the incremental findings
// must equal a fresh scan of the same text, while an ordinary edit re-runs only the lines it touched.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { Finding, LineLanguageId } from '../../common/src/types';
import { LiveLines } from '../../server/src/lsp/liveLines';
import { ROOT, sourceEngine } from '../helpers';

const SEEDS: [LineLanguageId, string][] = [['dockerfile', 'Dockerfile.seed'], ['requirements', 'requirements.seed']];
const TYPING = ['a', ' ', '\n', '\\', '\\\n', '#', ' #', '==', '>=', '1.2', '|', ' sh', 'FROM ', 'latest', ':', '--hash=sha256:ab', '"', 'RUN pip install x\n'];
const EDITS = 1500;

function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const key = (f: Finding): string => `${f.ruleId}@${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}`;

describe('line-oriented live documents', () => {
  for (const [language, seedFile] of SEEDS) {
    it(`${language}: ${EDITS} random edits agree with fresh scans`, async () => {
      const engine = await sourceEngine();
      const seed = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'fuzz', seedFile), 'utf8');
      const options = { budgetMs: 1000, isEnabled: () => true, onRuleError: (id: string, e: Error) => { throw new Error(`${id}: ${e.message}`); } };
      const live = LiveLines.open(engine, `file:///fuzz/${seedFile}`, language, 1, seed, options);
      assert.ok(live.findings().length >= 3, `the seed has findings to keep in step (${live.findings().length})`);
      const random = prng(language.length * 7919);
      let text = seed;
      let partial = 0;
      for (let i = 0; i < EDITS; i++) {
        const start = Math.floor(random() * (text.length + 1));
        const end = random() < 0.3 ? Math.min(text.length, start + Math.floor(random() * 12)) : start;
        const inserted = random() < 0.8 ? TYPING[Math.floor(random() * TYPING.length)] : '';
        const doc = live.doc;
        const change: TextDocumentContentChangeEvent = { range: { start: doc.positionAt(start), end: doc.positionAt(end) }, text: inserted };
        text = text.slice(0, start) + inserted + text.slice(end);
        await live.applyChanges([change], i + 2);
        assert.strictEqual(live.text, text);
        if (!live.lastStats.full) partial++;
        const fresh = engine.analyzeLines(language, text).map(key).sort();
        assert.deepStrictEqual(live.findings().map(key).sort(), fresh, `after edit ${i + 1} (${JSON.stringify(change)})\n--- text\n${text}`);
      }
      console.log(`      ${language}: ${partial} of ${EDITS} edits re-ran only the lines they touched`);
      assert.ok(partial > EDITS / 2, 'most edits are local');
    });
  }
});
