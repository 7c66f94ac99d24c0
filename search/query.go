package search

import (
	"slices"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Parsed is the structure Parse found in a query, reported back for "why it matched" and for debugging.
type Parsed struct {
	// From and To bound the capture time, half-open [From, To), as floating wall-clock times in UTC. A zero From
	// is an open start ("before 2010"), a zero To an open end ("after 2019"); both are zero when Date is "".
	From time.Time `json:"from,omitzero"`
	To   time.Time `json:"to,omitzero"`
	// Date is the date filter in canonical form: "2015", "2015-08", "2015-08-03", "2015..2017" (inclusive),
	// "..2009", "2020..", or "none" when the query's dates exclude each other. "" means no date filter.
	Date string `json:"date,omitempty"`
	// Yearly are parts of every year the capture day must fall in ("august", "8월 3일", "summer"), all of them.
	Yearly []Yearly `json:"yearly,omitempty"`
	// Terms are the remaining words, lower-cased, deduplicated; each must match (AND).
	Terms []string `json:"terms,omitempty"`
	// Filters are words restricted to one kind of field ("camera:canon", "label:dog"); each must match (AND).
	Filters []Filter `json:"filters,omitempty"`
	// Not are words that must not match anywhere ("-screenshot").
	Not []string `json:"not,omitempty"`
	// Ignored are filler words dropped from the query ("photos", "from", "사진", "에").
	Ignored []string `json:"ignored,omitempty"`
}

// Filter is a word that must match in one kind of field. Kinds are those a Hit's Why reports: "camera" (make or
// model), "lens", "file", "label", "text". Query prefixes make: and model: mean camera:, name: means file:,
// tag: means label:. Date prefixes (year:, date:, before:, after:, since:, until:) become date filters.
type Filter struct {
	Kind string `json:"kind"`
	Text string `json:"text"`
}

// HasDate reports whether the query restricts the capture time.
func (p Parsed) HasDate() bool { return p.Date != "" }

// Empty reports whether the date filter excludes everything (e.g. "2015 2016").
func (p Parsed) Empty() bool {
	return !p.From.IsZero() && !p.To.IsZero() && !p.From.Before(p.To)
}

// Parse is the query parser: it finds dates (English and Korean; absolute, relative to now, seasons, ranges and
// open ranges), parts of every year, field filters, excluded words and free words in q. Relative dates use now's
// wall clock in now's location. Several dates in one query are intersected. Parse never fails: whatever it does
// not understand becomes a term.
func Parse(q string, now time.Time) Parsed {
	var p Parsed
	var spans []span
	toks := tokenize(q)
	for i := 0; i < len(toks); {
		if s, n, ok := matchExpr(toks, i, now); ok {
			spans = append(spans, s)
			i += n
			continue
		}
		if y, n, ok := matchYearly(toks, i); ok {
			if !slices.Contains(p.Yearly, y) {
				p.Yearly = append(p.Yearly, y)
			}
			i += n
			continue
		}
		p.addWord(toks[i])
		i++
	}
	if len(spans) > 0 {
		s := intersect(spans)
		p.From, p.To, p.Date = s.from, s.to, s.label()
	}
	return p
}

// addWord files one token that is not part of a date under Ignored, Not, Filters or Terms.
func (p *Parsed) addWord(t string) {
	if not, ok := strings.CutPrefix(t, "-"); ok && hasAlnum(not) {
		if isFiller(not) {
			p.Ignored = append(p.Ignored, t)
		} else if !slices.Contains(p.Not, not) {
			p.Not = append(p.Not, not)
		}
		return
	}
	if f, ok := cutFilter(t); ok {
		if !slices.Contains(p.Filters, f) {
			p.Filters = append(p.Filters, f)
		}
		return
	}
	t = stripAliasParticle(t)
	switch {
	case isFiller(t) || !hasAlnum(t):
		p.Ignored = append(p.Ignored, t)
	case !slices.Contains(p.Terms, t):
		p.Terms = append(p.Terms, t)
	}
}

// cutFilter reads "kind:word" with a known kind (or alias) and a word with a letter or digit.
func cutFilter(t string) (Filter, bool) {
	k, v, ok := strings.Cut(t, ":")
	if !ok || !hasAlnum(v) {
		return Filter{}, false
	}
	switch k {
	case "make", "model":
		k = "camera"
	case "name", "filename":
		k = "file"
	case "tag":
		k = "label"
	}
	if len(fieldsOfKind(k)) == 0 {
		return Filter{}, false
	}
	return Filter{Kind: k, Text: v}, true
}

// splitDateKey turns "year:2019" and "date:2015-08" into the date alone, and "before:2010" (also after:, since:,
// until:) into two tokens, so the date grammar reads them.
func splitDateKey(t string) []string {
	k, v, ok := strings.Cut(t, ":")
	if !ok || v == "" {
		return []string{t}
	}
	switch k {
	case "year", "date", "taken":
		return []string{v}
	case "before", "after", "since", "until":
		return []string{k, v}
	}
	return []string{t}
}

// tokenize folds q to NFKC (full-width "２０１５" is 2015, decomposed Hangul is composed), lower-cases it, splits
// it on spaces and commas, unwraps date keys ("year:2019", "before:2010"), separates range marks ("~", "–", and
// "-" between two years) and Korean date units and particles from what follows them ("2015년8월에" -> 2015년 8월
// 에), and trims punctuation.
func tokenize(q string) []string {
	q = splitKoreanDates(strings.ToLower(norm.NFKC.String(q)))
	var out []string
	for _, f := range strings.FieldsFunc(q, isSeparator) {
		for _, k := range splitDateKey(strings.Trim(f, punctuation)) {
			for _, t := range splitRange(k) {
				if t = strings.Trim(t, punctuation); t != "" {
					out = append(out, splitKoreanSuffix(t)...)
				}
			}
		}
	}
	return out
}

// punctuation is trimmed from both ends of query tokens.
const punctuation = `.;:!?"'()[]{}<>`

func isSeparator(r rune) bool { return unicode.IsSpace(r) || r == ',' || r == '，' || r == '、' }

// splitRange splits "2015~2017", "2015–2017" and "2015-2017" (two 4-digit years) into three tokens.
func splitRange(f string) []string {
	for _, sep := range []string{"~", "–", "—"} {
		if a, b, ok := strings.Cut(f, sep); ok {
			return []string{a, "~", b}
		}
	}
	if a, b, ok := strings.Cut(f, "-"); ok && isDigits(a, 4) && isDigits(b, 4) {
		return []string{a, "~", b}
	}
	return []string{f}
}

// splitKoreanDates puts a space after a digit-attached 년(도)/월/일 and between digits and other Hangul.
func splitKoreanDates(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		afterDigit := i > 0 && unicode.IsDigit(rs[i-1])
		if afterDigit && isHangul(r) && !strings.ContainsRune("년월일", r) {
			b.WriteRune(' ')
		}
		b.WriteRune(r)
		unit := afterDigit && strings.ContainsRune("월일", r) ||
			r == '년' && afterDigit && (i+1 >= len(rs) || rs[i+1] != '도') ||
			r == '도' && i > 1 && rs[i-1] == '년' && unicode.IsDigit(rs[i-2])
		if unit {
			b.WriteRune(' ')
		}
	}
	return b.String()
}

// splitKoreanSuffix splits a Hangul date word from a following particle or range word: "작년에" -> 작년 에,
// "어제부터" -> 어제 부터.
func splitKoreanSuffix(t string) []string {
	stems := []string{"재작년", "작년", "올해", "금년", "지난해", "어제", "그저께", "그제", "오늘",
		"지난달", "이번달", "지난주", "이번주", "달", "주",
		"봄", "여름", "가을", "겨울", "크리스마스", "성탄절"}
	for _, stem := range stems {
		rest, ok := strings.CutPrefix(t, stem)
		if ok && rest != "" && (isFiller(rest) || koreanRangeWord(rest)) {
			return []string{stem, rest}
		}
	}
	return []string{t}
}

// koreanRangeWord reports the Korean words that turn a date into a range: 부터 (from), 까지 (until), 이전 (up to
// and including), 이후 (from, including), 전 (before), 후 (after).
func koreanRangeWord(t string) bool {
	switch t {
	case "부터", "까지", "이전", "이후", "전", "후":
		return true
	}
	return false
}

// isFiller reports words dropped from queries: they say nothing about which photo is meant.
func isFiller(t string) bool {
	switch t {
	case "a", "an", "the", "in", "on", "at", "of", "from", "during", "to", "and", "taken", "shot",
		"photo", "photos", "picture", "pictures", "pic", "pics", "image", "images", "show", "me", "my", "find",
		"사진", "사진들", "찍은", "에", "에서", "의", "쯤", "경", "즈음", "때", "도",
		"보여줘", "찾아줘":
		return true
	}
	return false
}

func hasAlnum(t string) bool {
	return strings.IndexFunc(t, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

func isHangul(r rune) bool { return unicode.Is(unicode.Hangul, r) }

// isDigits reports whether s is exactly n ASCII digits (any length when n is 0).
func isDigits(s string, n int) bool {
	if s == "" || n > 0 && len(s) != n {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
