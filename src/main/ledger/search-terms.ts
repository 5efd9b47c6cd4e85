// Turns what a merchant types into the search box into an FTS5 query over payments_search.
//
// Invariant: the typed text is never FTS5 syntax. Every word is quoted (so AND, OR, NEAR, ^, :,
// column filters and unbalanced quotes are plain text), and only the last word is a prefix:
// "order 1042" finds payments whose words include "order" and one starting with "1042". A prefix
// on every word would make a common word such as "order" expand to the whole table.

/** At most this many words count; the rest of a pasted paragraph is ignored. */
const MAX_WORDS = 8
/** Unicode letters and digits: what the unicode61 tokenizer keeps. A chunk without any is noise. */
const WORD_CHARACTER = /[\p{L}\p{N}]/u

export interface SearchTerms {
  /** The FTS5 MATCH expression. */
  readonly match: string
  /** The words as typed (trimmed), for messages. */
  readonly text: string
}

/** Null when the text holds nothing searchable (empty, or only punctuation). */
export function searchTermsFrom(text: string): SearchTerms | null {
  const chunks = text
    .trim()
    .split(/\s+/u)
    .filter((chunk) => WORD_CHARACTER.test(chunk))
    .slice(0, MAX_WORDS)
  if (chunks.length === 0) return null
  // A chunk such as "user-7f3a" becomes the phrase "user 7f3a": its tokens, next to each other.
  const quoted = chunks.map((chunk) => `"${chunk.replaceAll('"', '""')}"`)
  const match = quoted.map((phrase, index) => (index === quoted.length - 1 ? `${phrase}*` : phrase)).join(' ')
  return { match, text: chunks.join(' ') }
}
