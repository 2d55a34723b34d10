// The review checklist for a block of inserted code: what to check, chosen by the file's exclusion zones,
// the CWEs of the findings inside the block, and what the block itself brings in (imports). Pure (no
// `vscode`). Every list starts with reading the block and with input validation — the flaw assistants
// make most often — and the items are worded as things a person can tick only after looking.

export type Topic = 'read' | 'input-validation' | 'authorization' | 'cryptography' | 'secrets' | 'error-handling' | 'logging' | 'dependencies';

export interface ChecklistItem {
  topic: Topic;
  label: string;
  detail: string;
  /** Why this item is on the list (a zone, a finding, an import), for the quick pick's description. */
  because: string[];
}

const ITEMS: Record<Topic, { label: string; detail: string }> = {
  read: { label: 'Read every line', detail: 'I read the whole block and can explain what each part does and why it is needed.' },
  'input-validation': {
    label: 'Input validation',
    detail: 'Input from outside (requests, files, environment, users) is validated before use; SQL, shell commands, paths and HTML are built with parameters or escaping, never by joining strings.',
  },
  authorization: {
    label: 'Authorization',
    detail: 'Each operation checks who the caller is and that they may act on this object; no trust in client-supplied ids or roles, no comparison with a hard-coded token.',
  },
  cryptography: {
    label: 'Cryptography',
    detail: 'Only vetted algorithms and modes (no MD5/SHA-1 for passwords, no ECB, nothing home-made); passwords are hashed with bcrypt, scrypt or Argon2; randomness for secrets comes from a CSPRNG.',
  },
  secrets: { label: 'Secrets', detail: 'No key, password or token is written into the code or compared against a literal; secrets come from configuration or a vault.' },
  'error-handling': { label: 'Error handling', detail: 'Errors fail closed and do not leak stack traces, queries or internal details to the caller.' },
  logging: { label: 'Logging', detail: 'Nothing secret or personal is logged, and user input that reaches a log is neutralised (no log injection).' },
  dependencies: { label: 'Dependencies', detail: 'Every new dependency is needed, exists under exactly that name, and is pinned to an exact version.' },
};

const ORDER: Topic[] = ['read', 'input-validation', 'authorization', 'cryptography', 'secrets', 'error-handling', 'logging', 'dependencies'];

/** Exclusion zone id -> topics. */
const BY_ZONE: Record<string, Topic[]> = {
  auth: ['authorization', 'secrets', 'error-handling'],
  sessions: ['authorization', 'cryptography'],
  crypto: ['cryptography', 'secrets'],
  credentials: ['secrets', 'cryptography', 'logging'],
  payments: ['authorization', 'error-handling', 'logging'],
  'personal-data': ['authorization', 'logging'],
};

/** CWE number -> topic. */
const BY_CWE: Record<string, Topic> = {};
const cwes = (topic: Topic, ids: number[]): void => ids.forEach(n => (BY_CWE[`CWE-${n}`] = topic));
cwes('input-validation', [20, 22, 73, 74, 77, 78, 79, 80, 88, 89, 90, 91, 94, 95, 434, 502, 601, 611, 643, 915, 918, 943, 1321, 1333, 1336]);
cwes('authorization', [284, 285, 287, 288, 290, 306, 352, 384, 613, 639, 862, 863, 1275]);
cwes('cryptography', [261, 295, 310, 326, 327, 328, 329, 330, 331, 338, 347, 614, 759, 760, 916]);
cwes('secrets', [256, 257, 259, 312, 321, 522, 798]);
cwes('error-handling', [209, 390, 391, 396, 397, 703, 754, 755]);
cwes('logging', [117, 532, 778, 779]);
cwes('dependencies', [494, 829, 1104, 1357, 1395]);

/** Lines that bring in code from elsewhere, in the languages Skeptic reads. */
const IMPORT = /^\s*(import\s|from\s+\S+\s+import\s|using\s+[\w.]+\s*;|#include\s|require\s*\(|.*\brequire\s*\(\s*['"])/m;

export interface ChecklistInput {
  /** Zone ids of the file (auth, crypto, …), with their display names. */
  zones: { id: string; name: string }[];
  /** CWE ids (e.g. "CWE-89") of findings inside the block. */
  cwes: string[];
  /** The block's text. */
  text: string;
}

export function checklistFor(input: ChecklistInput): ChecklistItem[] {
  const because = new Map<Topic, string[]>([['read', []], ['input-validation', []]]);
  const add = (t: Topic, why: string): void => {
    const list = because.get(t) ?? [];
    if (!list.includes(why)) list.push(why);
    because.set(t, list);
  };
  for (const z of input.zones) for (const t of BY_ZONE[z.id] ?? ['authorization']) add(t, `${z.name} zone`);
  for (const c of input.cwes) {
    const t = BY_CWE[c];
    if (t) add(t, `${c} finding in this block`);
  }
  if (IMPORT.test(input.text)) add('dependencies', 'the block imports code');
  return ORDER.filter(t => because.has(t)).map(t => ({ topic: t, ...ITEMS[t], because: because.get(t)! }));
}
