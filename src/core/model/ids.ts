/** Short random ids for codes, configurations and theories. */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Eight characters from [a-z0-9], starting with a letter: 36^7 × 26 ≈ 2 × 10^12 values. */
export function newId(taken?: ReadonlySet<string>): string {
  for (;;) {
    const bytes = new Uint8Array(8);
    crypto.getRandomValues(bytes);
    let id = ALPHABET[(bytes[0] as number) % 26] as string;
    for (let i = 1; i < 8; i++) id += ALPHABET[(bytes[i] as number) % 36];
    if (!taken?.has(id)) return id;
  }
}

/** A slug of a name (letters without accents, digits, dashes), at most 60 long; may be empty. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

/** `base`, or `base-2`, `base-3`… whichever is not taken. */
export function freeId(base: string, taken: ReadonlySet<string>): string {
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}
