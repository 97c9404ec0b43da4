// Tables of the staff's screens, each with a "Download CSV" of exactly the rows and columns it shows: the CSV is
// written in the browser from the same column definitions, so every table downloads the same way.
import { el, reconcile } from './timeline.js';

/**
 * A table captioned `caption`, with `columns` [{header, value: row => string|number|null, cell?: row => Node}]
 * (`cell`, when given, is what the screen shows instead of the value: a button, say); `fileName` names its CSV. Answers {node, show(rows, key)}: show replaces the rows (each keyed by key(row) so unchanged rows stay).
 */
export function dataTable(caption, columns, fileName) {
  let shown = [];
  const body = el('tbody');
  const download = el('button', { type: 'button', class: 'secondary', onclick: () => {
    const link = el('a', { href: URL.createObjectURL(new Blob([csv(columns, shown)], { type: 'text/csv' })),
      download: `${fileName}.csv` });
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 0);
  } }, `Download CSV`);
  download.setAttribute('aria-label', `Download ${caption} as CSV`);
  const table = el('table', {}, el('caption', {}, caption),
    el('thead', {}, el('tr', {}, ...columns.map(column => el('th', { scope: 'col' }, column.header)))), body);
  return {
    node: el('section', { class: 'data' }, table, download),
    show(rows, key) {
      shown = rows;
      reconcile(body, rows.length === 0
        ? [{ key: 'none', node: el('tr', {}, el('td', { colspan: String(columns.length) }, 'Nothing.')) }]
        : rows.map(row => ({ key: String(key(row)),
          node: el('tr', {}, ...columns.map(column => el('td', {}, column.cell ? column.cell(row)
            : text(column.value(row))))) })));
    },
  };
}

/** RFC 4180: a header row, then one row each; a field with a comma, quote or line break is quoted. */
export function csv(columns, rows) {
  const field = value => {
    const written = text(value);
    return /[",\r\n]/.test(written) ? `"${written.replace(/"/g, '""')}"` : written;
  };
  return [columns.map(column => field(column.header)), ...rows.map(row => columns.map(c => field(c.value(row))))]
    .map(fields => fields.join(',')).join('\r\n') + '\r\n';
}

function text(value) {
  return value == null ? '' : String(value);
}
