package albums

import (
	"fmt"
	"time"
)

// date is a local calendar date.
type date struct {
	Y int
	M time.Month
	D int
}

func dateOf(t time.Time) date { return date{t.Year(), t.Month(), t.Day()} }

// time returns midnight of the date, floating.
func (d date) time() time.Time { return time.Date(d.Y, d.M, d.D, 0, 0, 0, 0, time.UTC) }

// ordinal counts days, so that consecutive dates differ by one.
func (d date) ordinal() int { return int(d.time().Unix() / 86400) }

func (d date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Y, d.M, d.D) }

// dayTitle is one date: "3 Aug 2015" / "2015년 8월 3일".
func dayTitle(d date) Title {
	return Title{
		En: fmt.Sprintf("%d %s %d", d.D, d.M.String()[:3], d.Y),
		Ko: fmt.Sprintf("%d년 %d월 %d일", d.Y, d.M, d.D),
	}
}

// rangeTitle is a span of dates, as short as it can be: "3-9 Aug 2015" / "2015년 8월 3일~9일",
// "30 Jul - 2 Aug 2015" / "2015년 7월 30일~8월 2일", "30 Dec 2015 - 2 Jan 2016" / "2015년 12월 30일~2016년 1월 2일".
func rangeTitle(a, b date) Title {
	mon := func(d date) string { return d.M.String()[:3] }
	switch {
	case a == b:
		return dayTitle(a)
	case a.Y == b.Y && a.M == b.M:
		return Title{
			En: fmt.Sprintf("%d-%d %s %d", a.D, b.D, mon(a), a.Y),
			Ko: fmt.Sprintf("%d년 %d월 %d일~%d일", a.Y, a.M, a.D, b.D),
		}
	case a.Y == b.Y:
		return Title{
			En: fmt.Sprintf("%d %s - %d %s %d", a.D, mon(a), b.D, mon(b), a.Y),
			Ko: fmt.Sprintf("%d년 %d월 %d일~%d월 %d일", a.Y, a.M, a.D, b.M, b.D),
		}
	default:
		return Title{
			En: dayTitle(a).En + " - " + dayTitle(b).En,
			Ko: dayTitle(a).Ko + "~" + dayTitle(b).Ko,
		}
	}
}

// monthTitle is the month or months of a span: "August 2015" / "2015년 8월", "July-August 2015" /
// "2015년 7월~8월", "December 2015 - January 2016" / "2015년 12월~2016년 1월".
func monthTitle(a, b date) Title {
	switch {
	case a.Y == b.Y && a.M == b.M:
		return Title{En: fmt.Sprintf("%s %d", a.M, a.Y), Ko: fmt.Sprintf("%d년 %d월", a.Y, a.M)}
	case a.Y == b.Y:
		return Title{En: fmt.Sprintf("%s-%s %d", a.M, b.M, a.Y), Ko: fmt.Sprintf("%d년 %d월~%d월", a.Y, a.M, b.M)}
	default:
		return Title{
			En: fmt.Sprintf("%s %d - %s %d", a.M, a.Y, b.M, b.Y),
			Ko: fmt.Sprintf("%d년 %d월~%d년 %d월", a.Y, a.M, b.Y, b.M),
		}
	}
}

// withPlace puts a place before a date title: "Jeju, August 2015" / "제주, 2015년 8월". A nil place leaves the
// date alone.
func withPlace(place *Title, when Title) Title {
	if place == nil {
		return when
	}
	return Title{En: place.En + ", " + when.En, Ko: place.Ko + ", " + when.Ko}
}

// yearsAgo is "1 year ago" / "1년 전".
func yearsAgo(n int) Title {
	en := fmt.Sprintf("%d years ago", n)
	if n == 1 {
		en = "1 year ago"
	}
	return Title{En: en, Ko: fmt.Sprintf("%d년 전", n)}
}
