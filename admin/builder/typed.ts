// What staff type, read as residents' input is read: full-width digits and colons,
// 13時, 13時30分, 1300 and 9:00 are times; ２０ is 20; 2026/12/9 and 2026年12月9日 are
// dates. A value that cannot be read is returned unchanged, so the check that
// follows names the field and shows an example.

const fold = (s: string) =>
  s
    .normalize('NFKC')
    .replace(/[ー－―‐−]/g, '-')
    .trim();

/** 「１３：００」「13時」「13時30分」「1300」「9:5」→ 13:00 / 13:30 / 09:05; else unchanged. */
export function normalizeTime(input: string): string {
  const s = fold(input).replace(/\s+/g, '');
  let m = /^(\d{1,2})[:：.](\d{1,2})$/.exec(s) ?? /^(\d{1,2})時(?:(\d{1,2})分|半)?$/.exec(s) ?? /^(\d{2})(\d{2})$/.exec(s);
  if (!m) return input;
  const h = Number(m[1]);
  const min = s.endsWith('半') ? 30 : Number(m[2] ?? 0);
  if (h > 24 || min > 59 || (h === 24 && min > 0)) return input;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

/** 「２０」「20分」「1,000」→ 20 / 1000; undefined for blank; NaN when not a number. */
export function normalizeNumber(input: string): number | undefined {
  const s = fold(input).replace(/[,、]/g, '').replace(/(分|人|件|日|時間|名|か月|ヶ月|回|円|文字)$/, '');
  if (s === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : NaN;
}

/** 「2026/12/9」「２０２６年１２月９日」→ 2026-12-09; else unchanged. */
export function normalizeDate(input: string): string {
  const s = fold(input).replace(/\s+/g, '');
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  if (!m) return input;
  return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
}

const TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$/;
export const isTime = (s: string) => TIME.test(s);
export const minutesOf = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
