package search

import (
	"fmt"
	"strings"
	"time"
)

// Yearly is a part of every year ("august", "8월 3일", "summer", "christmas"): capture days from From up to (not
// including) To, written month*100+day, so August is 801 to 901. When To <= From the part wraps past New Year
// (winter is 1201 to 301).
type Yearly struct {
	Label string `json:"label"` // "08", "08-03", "summer", "christmas"
	From  int    `json:"from"`
	To    int    `json:"to"`
}

// monthDay is the month*100+day form Yearly uses.
func monthDay(t time.Time) int { return int(t.Month())*100 + t.Day() }

// contains reports whether a month*100+day falls in y.
func (y Yearly) contains(md int) bool {
	if y.To <= y.From {
		return md >= y.From || md < y.To
	}
	return md >= y.From && md < y.To
}

// seasonNamed reads a season or holiday in English or Korean. Seasons are the meteorological ones of the
// northern hemisphere (summer is June to August).
func seasonNamed(w string) (Yearly, bool) {
	switch w {
	case "spring", "봄":
		return Yearly{"spring", 301, 601}, true
	case "summer", "여름":
		return Yearly{"summer", 601, 901}, true
	case "autumn", "fall", "가을":
		return Yearly{"autumn", 901, 1201}, true
	case "winter", "겨울":
		return Yearly{"winter", 1201, 301}, true
	case "christmas", "xmas", "크리스마스", "성탄절":
		return Yearly{"christmas", 1224, 1226}, true
	}
	return Yearly{}, false
}

// in is the span of y in a given year; a part that wraps (winter y) runs into the next year.
func (y Yearly) in(year int) span {
	toYear := year
	if y.To <= y.From {
		toYear++
	}
	return span{day(year, time.Month(y.From/100), y.From%100), day(toYear, time.Month(y.To/100), y.To%100)}
}

// seasonDate matches a season of one year: "summer 2018", "2018년 여름", "작년 여름", "last year summer",
// "last summer" (the latest one over by today), "this winter" (the one under way, else this year's), "올여름".
func seasonDate(t []string, now time.Time) (span, int, bool) {
	today := day(now.Date())
	if w, ok := strings.CutPrefix(t[0], "올"); ok {
		if s, ok := seasonNamed(w); ok {
			return s.current(today), 1, true
		}
	}
	if len(t) < 2 {
		return span{}, 0, false
	}
	if s, ok := seasonNamed(t[0]); ok {
		if y, ok := yearToken(t[1]); ok {
			return s.in(y), 2, true
		}
	}
	if y, ok := yearToken(t[0]); ok {
		if s, ok := seasonNamed(t[1]); ok {
			return s.in(y), 2, true
		}
	}
	if unit, back, n := relativeWords(t); unit == granYear && n < len(t) {
		if s, ok := seasonNamed(t[n]); ok {
			return s.in(today.Year() - back), n + 1, true
		}
	}
	s, ok := seasonNamed(t[1])
	switch {
	case !ok:
	case t[0] == "last" || t[0] == "지난":
		return s.last(today), 2, true
	case t[0] == "this" || t[0] == "이번" || t[0] == "올":
		return s.current(today), 2, true
	}
	return span{}, 0, false
}

// last is the latest span of y that is over by today.
func (y Yearly) last(today time.Time) span {
	year := today.Year()
	for y.in(year).to.After(today) {
		year--
	}
	return y.in(year)
}

// current is the span of y under way today, or else this year's.
func (y Yearly) current(today time.Time) span {
	if prev := y.in(today.Year() - 1); !today.Before(prev.from) && today.Before(prev.to) {
		return prev
	}
	return y.in(today.Year())
}

// yearToken reads "2018", "2018년" or "2018년도".
func yearToken(s string) (int, bool) {
	if ys, ok := strings.CutSuffix(s, "년도"); ok {
		return parseYear(ys)
	}
	return parseYear(strings.TrimSuffix(s, "년"))
}

// matchYearly matches a part of every year at toks[i]: a season or holiday alone, a full English month name or
// "8월" alone, or a month and day without a year ("august 3", "3rd august", "8월 3일").
func matchYearly(toks []string, i int) (Yearly, int, bool) {
	t := toks[i:]
	if s, ok := seasonNamed(t[0]); ok {
		return s, 1, true
	}
	if m, ok := koreanMonth(t[0]); ok {
		if len(t) > 1 {
			if y, ok := yearlyDay(m, strings.TrimSuffix(t[1], "일")); ok && strings.HasSuffix(t[1], "일") {
				return y, 2, true
			}
		}
		return yearlyMonth(m), 1, true
	}
	if m, ok := monthName(t[0]); ok && len(t) > 1 {
		if y, ok := yearlyDay(m, t[1]); ok {
			return y, 2, true
		}
	}
	if len(t) > 1 {
		if m, ok := monthName(t[1]); ok {
			if y, ok := yearlyDay(m, t[0]); ok {
				return y, 2, true
			}
		}
	}
	if m, ok := monthName(t[0]); ok && strings.EqualFold(t[0], m.String()) {
		return yearlyMonth(m), 1, true // full names only: "mar" or "jun" alone stay words
	}
	return Yearly{}, 0, false
}

// koreanMonth reads "8월".
func koreanMonth(s string) (time.Month, bool) {
	ms, ok := strings.CutSuffix(s, "월")
	m, mok := parseNum(ms)
	return time.Month(m), ok && mok && m >= 1 && m <= 12
}

func yearlyMonth(m time.Month) Yearly {
	next := int(m)%12 + 1
	return Yearly{Label: fmt.Sprintf("%02d", int(m)), From: int(m)*100 + 1, To: next*100 + 1}
}

// yearlyDay is one day of every year; February 29 is allowed.
func yearlyDay(m time.Month, ds string) (Yearly, bool) {
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		ds = strings.TrimSuffix(ds, suf)
	}
	d, ok := parseNum(ds)
	if !ok || !validDay(2000, m, d) {
		return Yearly{}, false
	}
	next := day(2000, m, d).AddDate(0, 0, 1)
	return Yearly{Label: fmt.Sprintf("%02d-%02d", int(m), d), From: int(m)*100 + d, To: monthDay(next)}, true
}
