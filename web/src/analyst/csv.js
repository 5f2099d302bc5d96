/**
 * CSV of the analyst's case list, safe to open in a spreadsheet: a cell
 * starting with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed
 * with `'` so that it is never run as a formula (CSV injection), and cells
 * with a comma, quote or line break are quoted (RFC 4180).
 * @module analyst/csv
 */

/** Characters that make a spreadsheet read a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * @param {unknown} value Cell value (`null`/`undefined` → empty).
 * @return {string} The cell as written in the file.
 */
export function csvCell(value) {
  let text = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(text)) {
    text = `'${text}`;
  }
  if (/[",\r\n]/.test(text)) {
    text = `"${text.replace(/"/g, '""')}"`;
  }
  return text;
}

/**
 * @param {Array<string>} header Column titles.
 * @param {Array<Array<unknown>>} rows Rows.
 * @return {string} The file: a UTF-8 byte order mark (so that Excel reads Chinese), CRLF line ends.
 */
export function toCsv(header, rows) {
  const lines = [header, ...rows].map((row) => row.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
