// For rule authors: `npm run tree -- <language> <file>` (or `-e '<code>'`) prints the tree-sitter syntax
// tree with field names, the shape a rule's query must match.
import * as fs from 'fs';
import type { LanguageId, TreeLanguageId } from '../common/src/types';
import { isLineLanguage, LANGUAGE_IDS } from '../server/src/engine/languages';
import { Engine } from '../server/src/engine/engine';

async function main(): Promise<void> {
  const [lang, a, b] = process.argv.slice(2);
  const grammars: LanguageId[] = LANGUAGE_IDS.filter(l => !isLineLanguage(l));
  if (!grammars.includes(lang as LanguageId) || !a) {
    console.error(`usage: npm run tree -- <${grammars.join('|')}> <file> | -e '<code>'  (line-oriented formats have no tree)`);
    process.exit(2);
  }
  const code = a === '-e' ? b : fs.readFileSync(a, 'utf8');
  const engine = await Engine.create({ rules: [] });
  const tree = await engine.parse(lang as TreeLanguageId, code);
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
