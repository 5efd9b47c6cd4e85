import type { ReactNode } from 'react'

export interface Column<Row> {
  readonly key: string
  /** Text, or a node (a select-all checkbox); `label` then names the column for screen readers. */
  readonly header: ReactNode
  readonly cell: (row: Row) => ReactNode
  /** Numbers and amounts align right, in tabular figures, so columns can be compared at a glance. */
  readonly align?: 'start' | 'end'
  /** A class for the column's cells and its <col> (fixed widths live in CSS). */
  readonly className?: string
  /** Attributes for each cell of the column (data-* hooks, a title). */
  readonly cellProps?: (row: Row) => Readonly<Record<string, string | undefined>>
}

export interface TableProps<Row> {
  readonly caption: string
  readonly columns: readonly Column<Row>[]
  readonly rows: readonly Row[]
  readonly rowKey: (row: Row) => string
  /** Shown in place of the body when there are no rows. */
  readonly empty?: ReactNode
  /** Extra classes for the <table> (`table-layout: fixed` tables name their columns' widths). */
  readonly className?: string
  /** Attributes for the <table> itself (a data-* hook for tests and styles). */
  readonly tableProps?: Readonly<Record<string, string>>
  /** Attributes for each row: data-* hooks and a className. */
  readonly rowProps?: (row: Row) => Readonly<Record<string, string | undefined>>
}

/** The one table of the app: a caption for screen readers, a header row, and a row per item. */
export function Table<Row>({ caption, columns, rows, rowKey, empty, className, tableProps, rowProps }: TableProps<Row>) {
  if (rows.length === 0 && empty) return <>{empty}</>
  const fixed = columns.some((column) => column.className)
  return (
    <div className="table-wrap">
      <table className={['table', className ?? ''].filter(Boolean).join(' ')} {...tableProps}>
        <caption className="visually-hidden">{caption}</caption>
        {fixed ? (
          <colgroup>
            {columns.map((column) => (
              <col key={column.key} className={column.className ? `${column.className}-col` : undefined} />
            ))}
          </colgroup>
        ) : null}
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.key} scope="col" className={cellClass(column)}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} {...rowProps?.(row)}>
              {columns.map((column) => (
                <td key={column.key} className={cellClass(column)} {...column.cellProps?.(row)}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function cellClass<Row>(column: Column<Row>): string | undefined {
  const classes = [column.align === 'end' ? 'table__cell--end' : '', column.className ?? ''].filter(Boolean)
  return classes.length > 0 ? classes.join(' ') : undefined
}
