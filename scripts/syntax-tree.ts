// For rule authors: `npm run tree -- <language> <file>` (or `-e '<code>'`) prints the tree-sitter syntax
// tree with field names, the shape a rule's query must match.
import * as fs from 'fs';
import type { LanguageId } from '../common/src/types';
import { LANGUAGE_IDS } from '../server/src/engine/languages';
import { Engine } from '../server/src/engine/engine';

async function main(): Promise<void> {
  const [lang, a, b] = process.argv.slice(2);
  if (!LANGUAGE_IDS.includes(lang as LanguageId) || !a) {
    console.error(`usage: npm run tree -- <${LANGUAGE_IDS.join('|')}> <file> | -e '<code>'`);
    process.exit(2);
  }
  const code = a === '-e' ? b : fs.readFileSync(a, 'utf8');
  const engine = await Engine.create({ rules: [] });
  const tree = await engine.parse(lang as LanguageId, code);
  const cursor = tree.walk();
  let depth = 0;
  const lines: string[] = [];
  for (;;) {
    const n = cursor.currentNode;
    if (n.isNamed) {
      const fieldName = cursor.currentFieldName;
      const text = n.childCount === 0 ? `  ${JSON.stringify(n.text.length > 60 ? n.text.slice(0, 57) + '...' : n.text)}` : '';
      lines.push(`${'  '.repeat(depth)}${fieldName ? fieldName + ': ' : ''}(${n.type}) [${n.startPosition.row + 1}:${n.startPosition.column + 1}]${text}`);
    }
    if (cursor.gotoFirstChild()) { depth++; continue; }
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) { console.log(lines.join('\n')); cursor.delete(); tree.delete(); return; }
      depth--;
    }
  }
}

main().catch(e => {
  console.error((e as Error).message);
  process.exit(2);
});
