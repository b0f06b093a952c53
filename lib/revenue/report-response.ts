import 'server-only';
// A finance report as JSON or CSV, as the caller asks: `?format=csv` (or `json`), else an Accept header
// that names text/csv before (or without) application/json. The CSV has one header line and one line
// per row of `data`, in the invoice export's way (csv-stringify); amounts stay exact decimal strings.
import { stringify } from 'csv-stringify/sync';
import { spreadsheetSafe } from '@/lib/documents/invoice-csv';
import type { ReportFormat } from './report-query';

export function wantsCsv(format: ReportFormat | undefined, accept: string | null): boolean {
  if (format) return format === 'csv';
  const types = (accept ?? '').split(',').map((t) => t.split(';')[0]!.trim().toLowerCase());
  const csv = types.indexOf('text/csv');
  const json = types.indexOf('application/json');
  return csv !== -1 && (json === -1 || csv < json);
}

type Cell = string | number | null;

/** Rows as CSV under `columns`; text fields people typed (a country on a buyer snapshot) cannot run as formulas. */
export function reportCsv<Row extends Record<string, unknown>>(columns: readonly (keyof Row & string)[], rows: Row[], textColumns: readonly (keyof Row & string)[] = []): string {
  const cell = (row: Row, column: keyof Row & string): Cell => {
    const value = row[column] as Cell;
    if (value === null || value === undefined) return '';
    return textColumns.includes(column) ? spreadsheetSafe(String(value)) : value;
  };
  return stringify([[...columns], ...rows.map((row) => columns.map((c) => cell(row, c)))]);
}

export function reportResponse<Row extends Record<string, unknown>>(
  { csv, name }: { csv: boolean; name: string },
  body: { data: Row[] } & Record<string, unknown>,
  columns: readonly (keyof Row & string)[],
  textColumns: readonly (keyof Row & string)[] = [],
): Response {
  if (!csv) return Response.json(body, { headers: { 'cache-control': 'private, no-store' } });
  return new Response(reportCsv(columns, body.data, textColumns), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${name}.csv"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
