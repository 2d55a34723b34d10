// The proof that incremental analysis is right: thousands of random edits (typing, deletions, pasted
// functions, undo-like reverts, several changes in one notification) in every supported language; after
// each batch the live findings must equal those of a fresh parse and full analysis of the same text.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { Finding, TreeLanguageId } from '../../common/src/types';
import { LiveDocument } from '../../server/src/lsp/liveDocument';
import { ROOT, sourceEngine } from '../helpers';

const SEEDS: Partial<Record<TreeLanguageId, string>> = {
  json: 'seed.json', python: 'seed.py', javascript: 'seed.js', typescript: 'seed.ts', tsx: 'seed.tsx', java: 'seed.java', csharp: 'seed.cs', go: 'seed.go',
  php: 'seed.php', ruby: 'seed.rb', c: 'seed.c', cpp: 'seed.cpp', yaml: 'seed.yaml', hcl: 'seed.tf', toml: 'seed.toml',
};
export const EDITS_PER_LANGUAGE = Number(process.env.SKEPTIC_FUZZ_EDITS ?? 1500);

/** Small deterministic PRNG (mulberry32) so a failure can be replayed from its seed. */
function prng(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPING = ['a', 'q', ' ', '(', ')', '"', "'", '+', '\n', '    ', '{', '}', ';', '.', ',', 'name', ' + ', 'x', '=', '\n\n', '`', '${', '#', '//', '😀'];

function describe_(f: Finding): string {
  const r = f.range;
  const fix = f.fix ? ` fix[${f.fix.edits.map(e => `${e.startIndex}-${e.endIndex}:${e.newText}`).join(',')}]` : '';
  return `${f.ruleId}@${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}#${f.startIndex}-${f.endIndex}${fix}`;
}

describe('incremental analysis equals a fresh scan (fuzz)', function () {
  this.timeout(600_000);
  let total = 0;
  let resettled = 0;
  let recoveredByTreeSitterDifference = 0;
  after(() => console.log(`      fuzz: ${total} random edits checked against fresh scans; on broken code ${recoveredByTreeSitterDifference} batch(es) needed the settle re-parse to agree (tree-sitter error recovery differs between incremental and fresh parses), ${resettled} settle(s) changed findings`));

  for (const [language, seedFile] of Object.entries(SEEDS) as [TreeLanguageId, string][]) {
    it(`${language}: ${EDITS_PER_LANGUAGE} random edits`, async () => {
      const engine = await sourceEngine();
      const seedText = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'fuzz', seedFile), 'utf8');
      const lines = seedText.split('\n');
      const rand = prng(language.length * 7919 + 17);
      const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
      const options = { budgetMs: 5000, isEnabled: () => true, onRuleError: (id: string, e: Error) => { throw new Error(`${id}: ${e.message}`); } };
      let live = await LiveDocument.open(engine, `file:///fuzz/${seedFile}`, language, 1, seedText, options);
      let version = 1;
      let edits = 0;
      let lastReset = 0;
      const history: string[] = [];
      try {
        while (edits < EDITS_PER_LANGUAGE) {
          if (edits - lastReset >= 150) {
            lastReset = edits;
            live.dispose();
            live = await LiveDocument.open(engine, `file:///fuzz/${seedFile}`, language, ++version, seedText, options);
          }
          const batch: TextDocumentContentChangeEvent[] = [];
          const n = 1 + Math.floor(rand() * 8);
          // Build the batch against a scratch copy so every change's range refers to the text before it.
          let scratch = live.text;
          const safeOffset = (o: number): number => (o > 0 && /[\udc00-\udfff]/.test(scratch[o] ?? '') ? o - 1 : o);
          const posAt = (o: number) => {
            const before = scratch.slice(0, o);
            const line = before.split('\n').length - 1;
            return { line, character: o - (before.lastIndexOf('\n') + 1) };
          };
          for (let i = 0; i < n; i++) {
            const kind = rand();
            let start = safeOffset(Math.floor(rand() * (scratch.length + 1)));
            let end = start;
            let text: string;
            if (kind < 0.45) text = pick(TYPING);
            else if (kind < 0.7) {
              end = safeOffset(Math.min(scratch.length, start + 1 + Math.floor(rand() * 40)));
              text = '';
            } else if (kind < 0.85) {
              // paste a run of lines from the seed (a whole function, often) at a line start
              start = end = scratch.lastIndexOf('\n', start - 1) + 1;
              const from = Math.floor(rand() * lines.length);
              text = lines.slice(from, from + 1 + Math.floor(rand() * 12)).join('\n') + '\n';
            } else {
              // undo-like: delete a range and put the same text back in two changes
              end = safeOffset(Math.min(scratch.length, start + Math.floor(rand() * 60)));
              const removed = scratch.slice(start, end);
              batch.push({ range: { start: posAt(start), end: posAt(end) }, text: '' });
              scratch = scratch.slice(0, start) + scratch.slice(end);
              end = start;
              text = removed;
            }
            batch.push({ range: { start: posAt(start), end: posAt(end) }, text });
            scratch = scratch.slice(0, start) + text + scratch.slice(end);
            edits++;
          }
          history.push(JSON.stringify(batch));
          await live.applyChanges(batch, ++version);
          assert.strictEqual(live.text, scratch, 'document text tracks the edits');
          // 1. The incremental update is exact for the tree it has: it equals a full analysis of that tree.
          const liveFindings = live.findings().map(describe_).sort();
          const onLiveTree = (await engine.analyze(language, live.currentTree()!)).map(describe_).sort();
          assert.deepStrictEqual(liveFindings, onLiveTree, `incremental update differs from a full analysis of the same tree after ${edits} edits in ${language}; last batch ${history[history.length - 1]}\n--- text\n${live.text}`);
          // 2. Once settled (what the server does when typing pauses), it equals a fresh scan of the text.
          if (await live.settle()) resettled++;
          const fresh = (await engine.scanText(language, live.text)).filter(f => !f.ruleId.includes('suppression')).map(describe_).sort();
          assert.deepStrictEqual(live.findings().map(describe_).sort(), fresh, `live findings differ from a fresh scan after ${edits} edits in ${language}; last batch ${history[history.length - 1]}\n--- text\n${live.text}`);
          if (JSON.stringify(liveFindings) !== JSON.stringify(fresh)) recoveredByTreeSitterDifference++;
        }
      } finally {
        live.dispose();
        total += edits;
      }
    });
  }
});
