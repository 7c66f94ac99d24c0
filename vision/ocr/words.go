package ocr

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Words splits lines into search words: lower-cased, split at spaces and
// punctuation, deduplicated in first-seen order. Tokens of one letter or
// digit are dropped (too noisy to search for), except Han characters, which
// are words on their own.
func Words(lines []Line) []string {
	seen := make(map[string]bool)
	var out []string
	for _, l := range lines {
		for _, tok := range strings.FieldsFunc(strings.ToLower(l.Text), isSeparator) {
			if !keepWord(tok) || seen[tok] {
				continue
			}
			seen[tok] = true
			out = append(out, tok)
		}
	}
	return out
}

// isSeparator reports whether r splits words: anything but letters, digits
// and marks (so accents stay with their letters).
func isSeparator(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r)
}

// keepWord reports whether tok is worth indexing.
func keepWord(tok string) bool {
	if utf8.RuneCountInString(tok) >= 2 {
		return true
	}
	r, _ := utf8.DecodeRuneInString(tok)
	return unicode.Is(unicode.Han, r)
}
