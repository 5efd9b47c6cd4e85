// How PostgreSQL's values come back: every integer type, and numeric (what sum() of a bigint
// returns), as bigint, the way SQLite's safe-integer mode reads every INTEGER. Stroops stay exact
// whatever their size, and the repositories see one type on both engines (schema.ts). A numeric
// with a fraction (an average) reads as a number, as SQLite's REAL does.
import pg from 'pg'
import type { CustomTypesConfig } from 'pg'

const INT2 = 21
const INT4 = 23
const INT8 = 20
const NUMERIC = 1700

function readInteger(text: string): bigint | number {
  return /^-?\d+$/.test(text) ? BigInt(text) : Number(text)
}

export const INTEGERS_AS_BIGINT: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format !== 'binary' && (oid === INT2 || oid === INT4 || oid === INT8 || oid === NUMERIC)) return readInteger
    return pg.types.getTypeParser(oid, format ?? 'text')
  }) as CustomTypesConfig['getTypeParser']
}
