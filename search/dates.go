package search

import (
	"strconv"
	"strings"
	"time"
)

// Years outside [minYear, maxYear] are not read as dates, so "1234" stays a word (a file name part).
const (
	minYear = 1800
	maxYear = 2199
)

// span is a half-open range [from, to) of floating wall-clock times; a zero end is open.
type span struct{ from, to time.Time }

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func yearSpan(y int) span { return span{day(y, 1, 1), day(y+1, 1, 1)} }

func monthSpan(y int, m time.Month) span { return span{day(y, m, 1), day(y, m+1, 1)} }

func daySpan(t time.Time) span { return span{t, t.AddDate(0, 0, 1)} }

// matchExpr matches a date expression starting at toks[i]: a prefixed form ("before 2010", "between 2015 and
// 2017") or a date with an optional range suffix ("2015 to 2017", "2015년부터 2017년까지", "2010년 이전"). It
// returns the span and the number of tokens used.
func matchExpr(toks []string, i int, now time.Time) (span, int, bool) {
	if s, n, ok := matchPrefixed(toks, i, now); ok {
		return s, n, true
	}
	x, n, ok := matchPoint(toks, i, now)
	if !ok {
		return span{}, 0, false
	}
	s, m := extendSuffix(toks, i+n, x, now)
	return s, n + m, true
}

// matchPrefixed matches before/after/since/until/between forms.
func matchPrefixed(toks []string, i int, now time.Time) (span, int, bool) {
	switch {
	case i+1 >= len(toks):
		return span{}, 0, false
	case toks[i] != "before" && toks[i] != "after" && toks[i] != "since" && toks[i] != "until" &&
		toks[i] != "till" && toks[i] != "between":
		return span{}, 0, false
	}
	p, n, ok := matchPoint(toks, i+1, now)
	if !ok {
		return span{}, 0, false
	}
	switch toks[i] {
	case "before":
		return span{to: p.from}, n + 1, true
	case "after":
		return span{from: p.to}, n + 1, true
	case "since":
		return span{from: p.from}, n + 1, true
	case "until", "till":
		return span{to: p.to}, n + 1, true
	case "between":
		j := i + 1 + n
		if j+1 < len(toks) && toks[j] == "and" {
			if q, m, ok := matchPoint(toks, j+1, now); ok {
				return span{p.from, q.to}, j + 1 + m - i, true
			}
		}
	}
	return span{}, 0, false
}

// extendSuffix looks at the tokens after a date x for a range ("- 2017", "to 2017", "부터 2017년 까지") or a
// Korean range word; it returns the resulting span and how many more tokens it used.
func extendSuffix(toks []string, j int, x span, now time.Time) (span, int) {
	if j >= len(toks) {
		return x, 0
	}
	switch toks[j] {
	case "~", "-", "to", "until", "till", "through", "thru", "부터":
		if y, n, ok := matchPoint(toks, j+1, now); ok {
			if j+1+n < len(toks) && toks[j+1+n] == "까지" {
				n++
			}
			return span{x.from, y.to}, n + 1
		}
		if toks[j] == "부터" {
			return span{from: x.from}, 1
		}
	case "까지", "이전":
		return span{to: x.to}, 1
	case "전":
		return span{to: x.from}, 1
	case "이후":
		return span{from: x.from}, 1
	case "후":
		return span{from: x.to}, 1
	}
	return x, 0
}

// matchPoint matches one date (absolute or relative) at toks[i], preferring the form that uses most tokens.
func matchPoint(toks []string, i int, now time.Time) (span, int, bool) {
	if i >= len(toks) {
		return span{}, 0, false
	}
	t := toks[i:]
	best, bestN, _ := relativeDate(t, now)
	pick := func(s span, n int, ok bool) {
		if ok && n > bestN {
			best, bestN = s, n
		}
	}
	pick(koreanDate(t))
	pick(numericDate(t))
	pick(englishDate(t))
	pick(seasonDate(t, now))
	return best, bestN, bestN > 0
}

// numericDate matches one token: 2015, 20150803, 2015-08, 2015/08/03, 2015.8.3.
func numericDate(t []string) (span, int, bool) {
	s := t[0]
	if isDigits(s, 8) {
		return ymd(s[:4], s[4:6], s[6:])
	}
	sep := strings.IndexAny(s, "-/.")
	if sep < 0 {
		if y, ok := parseYear(s); ok {
			return yearSpan(y), 1, true
		}
		return span{}, 0, false
	}
	parts := strings.Split(s, s[sep:sep+1])
	switch len(parts) {
	case 2:
		return ym(parts[0], parts[1])
	case 3:
		return ymd(parts[0], parts[1], parts[2])
	}
	return span{}, 0, false
}

// koreanDate matches 2015년 [8월 [3일]] (also 2015년도), one unit per token.
func koreanDate(t []string) (span, int, bool) {
	ys, ok := strings.CutSuffix(t[0], "년")
	if !ok {
		ys, ok = strings.CutSuffix(t[0], "년도")
	}
	y, yok := parseYear(ys)
	if !ok || !yok {
		return span{}, 0, false
	}
	if len(t) < 2 || !strings.HasSuffix(t[1], "월") {
		return yearSpan(y), 1, true
	}
	ms := strings.TrimSuffix(t[1], "월")
	if len(t) > 2 && strings.HasSuffix(t[2], "일") {
		if s, _, ok := ymd(ys, ms, strings.TrimSuffix(t[2], "일")); ok {
			return s, 3, true
		}
	}
	if s, _, ok := ym(ys, ms); ok {
		return s, 2, true
	}
	return yearSpan(y), 1, true
}

// englishDate matches "august 2015", "aug 3 2015", "august 3rd, 2015", "3 august 2015" and "2015 august".
func englishDate(t []string) (span, int, bool) {
	if len(t) < 2 {
		return span{}, 0, false
	}
	if m, ok := monthName(t[0]); ok {
		if len(t) > 2 {
			if s, ok := dayMonthYear(t[1], m, t[2]); ok {
				return s, 3, true
			}
		}
		if y, ok := parseYear(t[1]); ok {
			return monthSpan(y, m), 2, true
		}
		return span{}, 0, false
	}
	if m, ok := monthName(t[1]); ok {
		if len(t) > 2 {
			if s, ok := dayMonthYear(t[0], m, t[2]); ok {
				return s, 3, true
			}
		}
		if y, ok := parseYear(t[0]); ok {
			return monthSpan(y, m), 2, true
		}
	}
	return span{}, 0, false
}

// dayMonthYear builds the day span of a day token ("3", "03", "3rd"), a month and a year token.
func dayMonthYear(ds string, m time.Month, ys string) (span, bool) {
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		ds = strings.TrimSuffix(ds, suf)
	}
	y, ok := parseYear(ys)
	d, dok := parseNum(ds)
	if !ok || !dok || !validDay(y, m, d) {
		return span{}, false
	}
	return daySpan(day(y, m, d)), true
}

// monthName reads an English month name or its abbreviation ("aug", "sept").
func monthName(s string) (time.Month, bool) {
	if len(s) < 3 {
		return 0, false
	}
	if s == "sept" {
		return time.September, true
	}
	for m := time.January; m <= time.December; m++ {
		full := m.String()
		if strings.EqualFold(s, full) || len(s) == 3 && strings.EqualFold(s, full[:3]) {
			return m, true
		}
	}
	return 0, false
}

// relativeDate matches today, yesterday, this/last week, month and year, in English and Korean, using now's wall
// clock. Weeks start on Monday.
func relativeDate(t []string, now time.Time) (span, int, bool) {
	unit, back, n := relativeWords(t)
	if n == 0 {
		return span{}, 0, false
	}
	today := day(now.Date())
	switch unit {
	case granDay:
		return daySpan(today.AddDate(0, 0, -back)), n, true
	case granWeek:
		monday := today.AddDate(0, 0, -(int(today.Weekday())+6)%7-7*back)
		return span{monday, monday.AddDate(0, 0, 7)}, n, true
	case granMonth:
		return monthSpan(today.Year(), today.Month()-time.Month(back)), n, true
	}
	return yearSpan(today.Year() - back), n, true
}

// relativeWords reads a relative date phrase: its unit, how many units before now, and its length in tokens.
func relativeWords(t []string) (unit, back, n int) {
	switch t[0] {
	case "today", "오늘":
		return granDay, 0, 1
	case "yesterday", "어제":
		return granDay, 1, 1
	case "그저께", "그제":
		return granDay, 2, 1
	case "이번주":
		return granWeek, 0, 1
	case "지난주":
		return granWeek, 1, 1
	case "이번달":
		return granMonth, 0, 1
	case "지난달":
		return granMonth, 1, 1
	case "올해", "금년":
		return granYear, 0, 1
	case "작년", "지난해":
		return granYear, 1, 1
	case "재작년":
		return granYear, 2, 1
	case "this", "이번", "last", "지난":
		if len(t) < 2 {
			return 0, 0, 0
		}
		if t[0] == "last" || t[0] == "지난" {
			back = 1
		}
		switch t[1] {
		case "week", "주":
			return granWeek, back, 2
		case "month", "달":
			return granMonth, back, 2
		case "year", "해":
			return granYear, back, 2
		}
	}
	return 0, 0, 0
}

func equalWords(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}

// ym builds a month span from year and month strings.
func ym(ys, ms string) (span, int, bool) {
	y, ok := parseYear(ys)
	m, mok := parseNum(ms)
	if !ok || !mok || m < 1 || m > 12 {
		return span{}, 0, false
	}
	return monthSpan(y, time.Month(m)), 1, true
}

// ymd builds a day span from year, month and day strings.
func ymd(ys, ms, ds string) (span, int, bool) {
	y, ok := parseYear(ys)
	m, mok := parseNum(ms)
	d, dok := parseNum(ds)
	if !ok || !mok || !dok || !validDay(y, time.Month(m), d) {
		return span{}, 0, false
	}
	return daySpan(day(y, time.Month(m), d)), 1, true
}

func parseYear(s string) (int, bool) {
	if !isDigits(s, 4) {
		return 0, false
	}
	y, _ := strconv.Atoi(s)
	return y, y >= minYear && y <= maxYear
}

// parseNum reads a month or day number of one or two digits.
func parseNum(s string) (int, bool) {
	if !isDigits(s, 0) || len(s) > 2 {
		return 0, false
	}
	n, _ := strconv.Atoi(s)
	return n, true
}

func validDay(y int, m time.Month, d int) bool {
	return m >= time.January && m <= time.December && d >= 1 && day(y, m, d).Day() == d
}

// intersect is the span inside every span (the latest start, the earliest end).
func intersect(spans []span) span {
	var r span
	for _, s := range spans {
		if !s.from.IsZero() && (r.from.IsZero() || s.from.After(r.from)) {
			r.from = s.from
		}
		if !s.to.IsZero() && (r.to.IsZero() || s.to.Before(r.to)) {
			r.to = s.to
		}
	}
	return r
}

// Granularities of a span end, finest first.
const (
	granDay = iota
	granMonth
	granYear
	granWeek // only for relative dates; labels never use it
)

func granularity(t time.Time) int {
	switch {
	case t.Month() == time.January && t.Day() == 1:
		return granYear
	case t.Day() == 1:
		return granMonth
	}
	return granDay
}

func formatGran(t time.Time, g int) string {
	switch g {
	case granYear:
		return t.Format("2006")
	case granMonth:
		return t.Format("2006-01")
	}
	return t.Format("2006-01-02")
}

// label is the canonical form of the span, with inclusive ends: "2015", "2015-08", "2015..2017", "..2009",
// "2020..", "2026-11-16..2026-11-22", or "none" for an empty span.
func (s span) label() string {
	last := s.to.Add(-time.Nanosecond)
	switch {
	case s.from.IsZero() && s.to.IsZero():
		return ""
	case s.from.IsZero():
		return ".." + formatGran(last, granularity(s.to))
	case s.to.IsZero():
		return formatGran(s.from, granularity(s.from)) + ".."
	case !s.from.Before(s.to):
		return "none"
	}
	g := min(granularity(s.from), granularity(s.to))
	a, b := formatGran(s.from, g), formatGran(last, g)
	if a == b {
		return a
	}
	return a + ".." + b
}
