package search

import (
	"regexp"
	"slices"
	"strconv"
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
	// Terms are the remaining words, lower-cased, without Korean particles ("강아지랑" -> 강아지), deduplicated;
	// each must match (AND).
	Terms []string `json:"terms,omitempty"`
	// Filters are words restricted to one kind of field ("camera:canon", "label:dog"); each must match (AND).
	Filters []Filter `json:"filters,omitempty"`
	// Any are groups of words joined by OR ("dog OR cat", "강아지 또는 고양이"): one of each group must match. A
	// member's Kind is "" for a free word.
	Any [][]Filter `json:"any,omitempty"`
	// Not are words that must not match anywhere ("-screenshot", "NOT screenshot", "스크린샷 빼고"); "kind:word"
	// excludes in that kind of field only.
	Not []string `json:"not,omitempty"`
	// Near restricts to photos taken within a distance of a point ("near:37.56,126.97,5").
	Near *Near `json:"near,omitempty"`
	// Forms maps a word to the other forms it was typed in, which match too ("바다" <- "바다로").
	Forms map[string][]string `json:"forms,omitempty"`
	// Resolved says which words named a label of the vocabulary and how; Index.Search fills it.
	Resolved []Resolved `json:"resolved,omitempty"`
	// Ignored are filler words dropped from the query ("photos", "from", "사진", "에", "and", "OR").
	Ignored []string `json:"ignored,omitempty"`
	// keys maps a Resolved word to the keys of every label its match names, for ranking by the labels' scores
	// (confidence.go); Index.Search fills it with Resolved.
	keys map[string][]string
}

// Near is a circle on the map: photos with a position within Km of (Lat, Lon) match.
type Near struct {
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
	Km  float64 `json:"km"`
}

// Filter is a word that must match in one kind of field. Kinds are those a Hit's Why reports: "camera" (make or
// model), "lens", "file", "label", "text", "place", "person", "album". Query prefixes make: and model: mean
// camera:, name: means file:, tag: means label:, people: means person:. Date prefixes (year:, date:, before:,
// after:, since:, until:) become date filters.
type Filter struct {
	Kind string `json:"kind"`
	Text string `json:"text"`
}

// HasDate reports whether the query restricts the capture time.
func (p Parsed) HasDate() bool { return p.Date != "" }

// HasWords reports whether the query has words to match (terms, filters or OR groups), as opposed to dates only.
func (p Parsed) HasWords() bool { return len(p.Terms) > 0 || len(p.Filters) > 0 || len(p.Any) > 0 }

// Empty reports whether the date filter excludes everything (e.g. "2015 2016").
func (p Parsed) Empty() bool {
	return !p.From.IsZero() && !p.To.IsZero() && !p.From.Before(p.To)
}

// Parse is the query parser: it finds dates (English and Korean; absolute, relative to now, seasons, ranges and
// open ranges), parts of every year, field filters, OR groups, excluded words and free words in q. Relative dates
// use now's wall clock in now's location. Several dates in one query are intersected. Parse never fails:
// whatever it does not understand becomes a term. Korean particles are stripped from words unless the word is
// a known one; Parse knows no vocabulary (Index.Search parses with its own).
func Parse(q string, now time.Time) Parsed { return parse(q, now, nil) }

// parser is the state of one parse: the words so far, in OR groups, and pending OR / NOT operators.
type parser struct {
	p      Parsed
	v      *Vocabulary
	groups [][]Filter
	or     bool // the next word joins the last group
	not    bool // the next word is excluded
}

func parse(q string, now time.Time, v *Vocabulary) Parsed {
	ps := parser{v: v}
	q, ps.p.Near = cutNear(q)
	var spans []span
	toks := tokenize(q)
	for i := 0; i < len(toks); {
		if s, n, ok := matchExpr(toks, i, now); ok {
			spans = append(spans, s)
			i += n
			continue
		}
		if y, n, ok := matchYearly(toks, i); ok {
			if !slices.Contains(ps.p.Yearly, y) {
				ps.p.Yearly = append(ps.p.Yearly, y)
			}
			i += n
			continue
		}
		ps.word(toks[i])
		i++
	}
	ps.finish()
	if len(spans) > 0 {
		s := intersect(spans)
		ps.p.From, ps.p.To, ps.p.Date = s.from, s.to, s.label()
	}
	return ps.p
}

// word handles one token that is not part of a date: an operator, an excluded word, a filter or a free word.
func (ps *parser) word(t string) {
	switch t {
	case "or", "또는", "혹은", "|":
		ps.or = len(ps.groups) > 0
		ps.p.Ignored = append(ps.p.Ignored, t)
		return
	case "not", "빼고", "제외", "말고":
		if t == "not" {
			ps.not = true
		} else if n := len(ps.groups); n > 0 { // "스크린샷 빼고": the word before is excluded
			ps.exclude(ps.groups[n-1]...)
			ps.groups = ps.groups[:n-1]
		}
		ps.p.Ignored = append(ps.p.Ignored, t)
		return
	}
	if not, ok := strings.CutPrefix(t, "-"); ok && hasAlnum(not) {
		ps.not, t = true, not
	}
	f, ok := cutFilter(t)
	if !ok {
		f = Filter{Text: t}
	}
	stem := stripParticle(stripAliasParticle(f.Text), ps.v)
	if isFiller(stem) || !hasAlnum(stem) {
		ps.p.Ignored = append(ps.p.Ignored, t)
		ps.not, ps.or = false, false
		return
	}
	if stem != f.Text {
		ps.addForm(stem, f.Text)
		f.Text = stem
	}
	ps.add(f)
}

// add files a word: excluded, joined to the last OR group, or a group of its own.
func (ps *parser) add(f Filter) {
	switch {
	case ps.not:
		ps.exclude(f)
	case ps.or:
		g := &ps.groups[len(ps.groups)-1]
		if !slices.Contains(*g, f) {
			*g = append(*g, f)
		}
	default:
		ps.groups = append(ps.groups, []Filter{f})
	}
	ps.not, ps.or = false, false
}

// exclude adds words to Not.
func (ps *parser) exclude(fs ...Filter) {
	for _, f := range fs {
		n := f.Text
		if f.Kind != "" {
			n = f.Kind + ":" + f.Text
		}
		if !slices.Contains(ps.p.Not, n) {
			ps.p.Not = append(ps.p.Not, n)
		}
	}
}

func (ps *parser) addForm(stem, typed string) {
	if ps.p.Forms == nil {
		ps.p.Forms = map[string][]string{}
	}
	if !slices.Contains(ps.p.Forms[stem], typed) {
		ps.p.Forms[stem] = append(ps.p.Forms[stem], typed)
	}
}

// finish sorts the groups into Terms, Filters and Any.
func (ps *parser) finish() {
	for _, g := range ps.groups {
		switch {
		case len(g) > 1:
			if !slices.ContainsFunc(ps.p.Any, func(h []Filter) bool { return slices.Equal(g, h) }) {
				ps.p.Any = append(ps.p.Any, g)
			}
		case g[0].Kind == "":
			if !slices.Contains(ps.p.Terms, g[0].Text) {
				ps.p.Terms = append(ps.p.Terms, g[0].Text)
			}
		case !slices.Contains(ps.p.Filters, g[0]):
			ps.p.Filters = append(ps.p.Filters, g[0])
		}
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
	case "people":
		k = "person"
	}
	if len(fieldsOfKind(k)) == 0 {
		return Filter{}, false
	}
	return Filter{Kind: k, Text: v}, true
}

// nearPattern is near:lat,lon[,km] (spaces allowed after the commas; "km" may follow the distance).
var nearPattern = regexp.MustCompile(`(?i)near:\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)(?:\s*,\s*(\d+(?:\.\d+)?)\s*(?:km)?)?`)

// defaultNearKm is the radius of near: without a distance.
const defaultNearKm = 1

// cutNear takes the first near: filter out of q (others are dropped); positions outside the globe are ignored.
func cutNear(q string) (string, *Near) {
	m := nearPattern.FindStringSubmatchIndex(q)
	if m == nil {
		return q, nil
	}
	num := func(i int) float64 {
		if m[2*i] < 0 {
			return defaultNearKm
		}
		f, _ := strconv.ParseFloat(q[m[2*i]:m[2*i+1]], 64)
		return f
	}
	n := &Near{Lat: num(1), Lon: num(2), Km: num(3)}
	rest := nearPattern.ReplaceAllString(q, " ")
	if !validLatLon(n.Lat, n.Lon) || n.Km <= 0 {
		return rest, nil
	}
	return rest, n
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
	case "a", "an", "the", "in", "on", "at", "of", "from", "during", "to", "and", "with", "taken", "shot",
		"photo", "photos", "picture", "pictures", "pic", "pics", "image", "images", "show", "me", "my", "find",
		"사진", "사진들", "찍은", "에", "에서", "의", "쯤", "경", "즈음", "때", "도",
		"보여줘", "찾아줘", "그리고", "랑", "하고", "와", "과", "및", "&", "함께", "같이", "있는", "나온", "나오는",
		"갔을", "갔던", "찍었던", "모습", "장면":
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
