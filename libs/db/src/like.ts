/** Escapes `\`, `%` and `_` for a LIKE / ILIKE pattern written with `ESCAPE '\'`. */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);
