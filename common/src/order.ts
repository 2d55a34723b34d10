// The one string order for what Skeptic reports and walks: by UTF-16 code units, as git orders paths and
// `sort` does with LC_ALL=C. localeCompare followed the machine's locale, so the same scan could list its
// files or findings in another order on another machine (and its first call loads ICU's collator).

/** Compares two strings by UTF-16 code units: a negative number, zero or a positive number. */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
