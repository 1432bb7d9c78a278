/** CSV fields (RFC 4180), shared by every sheet core writes. */

/** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled; rows end with CRLF. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
