// The commit trailer that says which files got inserted (assistant or pasted) code and how much of it a
// person reviewed: one `AI-Assisted:` line per file, for the commit message. Pure (no `vscode`).

export interface FileLines {
  /** Path relative to the workspace folder, with forward slashes. */
  path: string;
  reviewed: number;
  unreviewed: number;
}

const lines = (n: number): string => `${n} line${n === 1 ? '' : 's'}`;

export function trailerLine(f: FileLines): string {
  const total = f.reviewed + f.unreviewed;
  if (!f.unreviewed) return `AI-Assisted: ${f.path} (${lines(total)}, reviewed)`;
  if (!f.reviewed) return `AI-Assisted: ${f.path} (${lines(total)}, not reviewed)`;
  return `AI-Assisted: ${f.path} (${lines(total)}: ${f.reviewed} reviewed, ${f.unreviewed} not reviewed)`;
}

/** One line per file, sorted by path; empty when nothing was inserted. */
export function commitTrailer(files: FileLines[]): string {
  return files
    .filter(f => f.reviewed + f.unreviewed > 0)
    .sort((a, b) => a.path.localeCompare(b.path))
    .map(trailerLine)
    .join('\n');
}
