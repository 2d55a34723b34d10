// Command-line flags for the benchmarks: `--flag value` or `--flag=value`, with a clear message and the
// usage text (exit 2) when a value is missing or not a whole number.
export function* flags(argv, usage) {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) {
        process.stderr.write(`${flag} needs a value\n`);
        usage(2);
      }
      return v;
    };
    const int = (v, min) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < min) {
        process.stderr.write(`${flag}: expected an integer ≥ ${min}, got ${v}\n`);
        usage(2);
      }
      return n;
    };
    yield { a, flag, value, int };
  }
}
