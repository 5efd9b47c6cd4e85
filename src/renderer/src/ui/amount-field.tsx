// The one field for an amount of Pi: typed as text (never a number input, which rounds and
// accepts "1e3"), decimal keypad on touch screens, no autocomplete. Main parses it exactly.
import { TextField, type TextFieldProps } from './field'

export type AmountFieldProps = Omit<TextFieldProps, 'inputMode' | 'autoComplete' | 'spellCheck' | 'onChange' | 'value'> & {
  readonly value: string
  readonly onChange: (amount: string) => void
}

export function AmountField({ value, onChange, ...rest }: AmountFieldProps) {
  return (
    <TextField
      {...rest}
      inputMode="decimal"
      autoComplete="off"
      spellCheck={false}
      value={value}
      onChange={(event) => onChange(event.target.value)}
    />
  )
}
