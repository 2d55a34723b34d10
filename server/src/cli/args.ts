// A small, strict command-line parser: known flags only, values checked, errors that say what to type.
export class UsageError extends Error {}
/** A file, folder or git could not be read or written: exit status 2, like a usage error. */
export class IoError extends Error {}

export interface FlagSpec {
  /** Allowed values; undefined for a free value; 'boolean' for a switch. */
  values?: readonly string[] | 'boolean' | 'string';
  repeatable?: boolean;
}

export interface Parsed {
  positional: string[];
  flags: Map<string, string[]>;
}

export function parseArgs(argv: string[], spec: Record<string, FlagSpec>): Parsed {
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}; options are ${Object.keys(spec).map(k => '--' + k).join(', ')}`);
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const s = spec[name];
    if (!s) throw new UsageError(`unknown option --${name}; options are ${Object.keys(spec).map(k => '--' + k).join(', ')}`);
    let value: string;
    if (s.values === 'boolean') {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`);
      value = 'true';
    } else if (eq !== -1) value = arg.slice(eq + 1);
    else {
      if (i + 1 >= argv.length) throw new UsageError(`--${name} needs a value`);
      value = argv[++i];
    }
    if (Array.isArray(s.values) && !s.values.includes(value)) throw new UsageError(`--${name} must be one of ${s.values.join(', ')} (got "${value}")`);
    const list = flags.get(name) ?? [];
    if (list.length && !s.repeatable) throw new UsageError(`--${name} given twice`);
    list.push(value);
    flags.set(name, list);
  }
  return { positional, flags };
}
