package search

import (
	"slices"
	"testing"
	"time"
)

// d parses a test date "2006-01-02"; "" is the zero time (an open end).
func d(t *testing.T, s string) time.Time {
	t.Helper()
	if s == "" {
		return time.Time{}
	}
	v, err := time.Parse("2006-01-02", s)
	if err != nil {
		t.Fatalf("bad test date %q", s)
	}
	return v
}

func TestParse(t *testing.T) {
	tests := []struct {
		in       string
		date     string // Parsed.Date
		from, to string // [from, to)
		terms    []string
	}{
		// English and numeric absolute dates.
		{"2015", "2015", "2015-01-01", "2016-01-01", nil},
		{"2015-08", "2015-08", "2015-08-01", "2015-09-01", nil},
		{"2015/8", "2015-08", "2015-08-01", "2015-09-01", nil},
		{"2015-08-03", "2015-08-03", "2015-08-03", "2015-08-04", nil},
		{"2015/08/03", "2015-08-03", "2015-08-03", "2015-08-04", nil},
		{"2015.08.03.", "2015-08-03", "2015-08-03", "2015-08-04", nil},
		{"20150803", "2015-08-03", "2015-08-03", "2015-08-04", nil},
		{"august 2015", "2015-08", "2015-08-01", "2015-09-01", nil},
		{"Aug 2015", "2015-08", "2015-08-01", "2015-09-01", nil},
		{"aug. 2015", "2015-08", "2015-08-01", "2015-09-01", nil},
		{"sept 2015", "2015-09", "2015-09-01", "2015-10-01", nil},
		{"2015 december", "2015-12", "2015-12-01", "2016-01-01", nil},
		{"3 august 2015", "2015-08-03", "2015-08-03", "2015-08-04", nil},
		{"august 3, 2015", "2015-08-03", "2015-08-03", "2015-08-04", nil},
		{"August 3rd 2015", "2015-08-03", "2015-08-03", "2015-08-04", nil},
		{"1st jan 2000", "2000-01-01", "2000-01-01", "2000-01-02", nil},
		{"feb 29 2016", "2016-02-29", "2016-02-29", "2016-03-01", nil},
		// Korean absolute dates.
		{"2015년", "2015", "2015-01-01", "2016-01-01", nil},
		{"2015년도", "2015", "2015-01-01", "2016-01-01", nil},
		{"2015년 8월", "2015-08", "2015-08-01", "2015-09-01", nil},
		{"2015년8월", "2015-08", "2015-08-01", "2015-09-01", nil},
		{"2015년 8월 3일", "2015-08-03", "2015-08-03", "2015-08-04", nil},
		{"2015년8월3일", "2015-08-03", "2015-08-03", "2015-08-04", nil},
		{"２０１５년 ８월", "2015-08", "2015-08-01", "2015-09-01", nil},
		{"2015\u1102\u1167\u11ab", "2015", "2015-01-01", "2016-01-01", nil}, // 년 in decomposed jamo
		{"2015년 13월", "2015", "2015-01-01", "2016-01-01", []string{"13월"}},
		// Relative to Wednesday 2026-11-25 12:00.
		{"last year", "2025", "2025-01-01", "2026-01-01", nil},
		{"작년", "2025", "2025-01-01", "2026-01-01", nil},
		{"지난해", "2025", "2025-01-01", "2026-01-01", nil},
		{"재작년", "2024", "2024-01-01", "2025-01-01", nil},
		{"this year", "2026", "2026-01-01", "2027-01-01", nil},
		{"올해", "2026", "2026-01-01", "2027-01-01", nil},
		{"yesterday", "2026-11-24", "2026-11-24", "2026-11-25", nil},
		{"어제", "2026-11-24", "2026-11-24", "2026-11-25", nil},
		{"그저께", "2026-11-23", "2026-11-23", "2026-11-24", nil},
		{"today", "2026-11-25", "2026-11-25", "2026-11-26", nil},
		{"오늘", "2026-11-25", "2026-11-25", "2026-11-26", nil},
		{"this week", "2026-11-23..2026-11-29", "2026-11-23", "2026-11-30", nil},
		{"지난주", "2026-11-16..2026-11-22", "2026-11-16", "2026-11-23", nil},
		{"지난 주", "2026-11-16..2026-11-22", "2026-11-16", "2026-11-23", nil},
		{"last month", "2026-10", "2026-10-01", "2026-11-01", nil},
		{"이번 달", "2026-11", "2026-11-01", "2026-12-01", nil},
		// Ranges and open ranges.
		{"2015-2017", "2015..2017", "2015-01-01", "2018-01-01", nil},
		{"2015~2017", "2015..2017", "2015-01-01", "2018-01-01", nil},
		{"2015 - 2017", "2015..2017", "2015-01-01", "2018-01-01", nil},
		{"2015 to 2017", "2015..2017", "2015-01-01", "2018-01-01", nil},
		{"from 2015-08 to 2016", "2015-08..2016-12", "2015-08-01", "2017-01-01", nil},
		{"between 2015 and 2017", "2015..2017", "2015-01-01", "2018-01-01", nil},
		{"2015년부터 2017년까지", "2015..2017", "2015-01-01", "2018-01-01", nil},
		{"2015년~2017년", "2015..2017", "2015-01-01", "2018-01-01", nil},
		{"before 2010", "..2009", "", "2010-01-01", nil},
		{"after 2019", "2020..", "2020-01-01", "", nil},
		{"since 2019", "2019..", "2019-01-01", "", nil},
		{"until august 2015", "..2015-08", "", "2015-09-01", nil},
		{"2010년 이전", "..2010", "", "2011-01-01", nil},
		{"2010년 전", "..2009", "", "2010-01-01", nil},
		{"2019년 이후", "2019..", "2019-01-01", "", nil},
		{"2019년 후", "2020..", "2020-01-01", "", nil},
		{"작년부터", "2025..", "2025-01-01", "", nil},
		{"2015년까지", "..2015", "", "2016-01-01", nil},
		{"before yesterday", "..2026-11-23", "", "2026-11-24", nil},
		// Several dates intersect.
		{"2015 august 2015", "2015-08", "2015-08-01", "2015-09-01", nil},
		{"2015 2016", "none", "2016-01-01", "2016-01-01", nil},
		{"after 2010 before 2012", "2011", "2011-01-01", "2012-01-01", nil},
		// Words, fillers, and things that look like dates but are not.
		{"", "", "", "", nil},
		{"canon", "", "", "", []string{"canon"}},
		{"Nikon D750", "", "", "", []string{"nikon", "d750"}},
		{"IMG_1234.JPG", "", "", "", []string{"img_1234.jpg"}},
		{"1234", "", "", "", []string{"1234"}},
		{"img_20150803_081500.jpg", "", "", "", []string{"img_20150803_081500.jpg"}},
		{"2015-13", "", "", "", []string{"2015-13"}},
		{"20151301", "", "", "", []string{"20151301"}},
		{"feb 30 2016", "2016", "2016-01-01", "2017-01-01", []string{"feb", "30"}},
		{"jun", "", "", "", []string{"jun"}},
		// Seasons and holidays of one year (northern meteorological seasons).
		{"summer 2018", "2018-06..2018-08", "2018-06-01", "2018-09-01", nil},
		{"2018 summer", "2018-06..2018-08", "2018-06-01", "2018-09-01", nil},
		{"2018년 여름", "2018-06..2018-08", "2018-06-01", "2018-09-01", nil},
		{"2018년 여름에", "2018-06..2018-08", "2018-06-01", "2018-09-01", nil},
		{"winter 2018", "2018-12..2019-02", "2018-12-01", "2019-03-01", nil},
		{"작년 여름", "2025-06..2025-08", "2025-06-01", "2025-09-01", nil},
		{"last year summer", "2025-06..2025-08", "2025-06-01", "2025-09-01", nil},
		{"last summer", "2026-06..2026-08", "2026-06-01", "2026-09-01", nil},
		{"지난 겨울", "2025-12..2026-02", "2025-12-01", "2026-03-01", nil},
		{"this winter", "2026-12..2027-02", "2026-12-01", "2027-03-01", nil},
		{"올여름 바다", "2026-06..2026-08", "2026-06-01", "2026-09-01", []string{"바다"}},
		{"christmas 2019", "2019-12-24..2019-12-25", "2019-12-24", "2019-12-26", nil},
		{"2019년 크리스마스", "2019-12-24..2019-12-25", "2019-12-24", "2019-12-26", nil},
		{"canon 2015", "2015", "2015-01-01", "2016-01-01", []string{"canon"}},
		{"photos of dogs from last year", "2025", "2025-01-01", "2026-01-01", []string{"dogs"}},
		{"작년에 찍은 강아지 사진", "2025", "2025-01-01", "2026-01-01", []string{"강아지"}},
		{"2015년 8월에 제주도", "2015-08", "2015-08-01", "2015-09-01", []string{"제주"}}, // 제주도 still matches (Forms)
		{"canon canon , ; -", "", "", "", []string{"canon"}},
		{"아이폰으로 찍은 바다", "", "", "", []string{"아이폰", "바다"}},
		{"바다로", "", "", "", []string{"바다"}},
		{"before canon", "", "", "", []string{"before", "canon"}},
		{"last", "", "", "", []string{"last"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p := Parse(tt.in, testNow)
			from, to := d(t, tt.from), d(t, tt.to)
			if p.Date != tt.date || !p.From.Equal(from) || !p.To.Equal(to) || !slices.Equal(p.Terms, tt.terms) {
				t.Errorf("Parse(%q) = %q [%v, %v) %q, want %q [%v, %v) %q", tt.in,
					p.Date, p.From, p.To, p.Terms, tt.date, from, to, tt.terms)
			}
		})
	}
}

func TestParseFilters(t *testing.T) {
	tests := []struct {
		in      string
		date    string
		terms   []string
		filters []Filter
		not     []string
	}{
		{"camera:canon", "", nil, []Filter{{"camera", "canon"}}, nil},
		{"Make:Canon model:5D 2015", "2015", nil, []Filter{{"camera", "canon"}, {"camera", "5d"}}, nil},
		{"label:강아지 tag:dog", "", nil, []Filter{{"label", "강아지"}, {"label", "dog"}}, nil},
		{"file:img_1234.jpg lens:50mm text:sale", "", nil,
			[]Filter{{"file", "img_1234.jpg"}, {"lens", "50mm"}, {"text", "sale"}}, nil},
		{"year:2019", "2019", nil, nil, nil},
		{"year:2015-2017", "2015..2017", nil, nil, nil},
		{"date:2015-08 canon", "2015-08", []string{"canon"}, nil, nil},
		{"before:2010 after:2005", "2006..2009", nil, nil, nil},
		{"iphone -screenshot -screenshot", "", []string{"iphone"}, nil, []string{"screenshot"}},
		{"foo:bar camera:", "", []string{"foo:bar", "camera"}, nil, nil},
		{"- -- -the", "", nil, nil, nil},
	}
	for _, tt := range tests {
		p := Parse(tt.in, testNow)
		if p.Date != tt.date || !slices.Equal(p.Terms, tt.terms) || !slices.Equal(p.Filters, tt.filters) ||
			!slices.Equal(p.Not, tt.not) {
			t.Errorf("Parse(%q) = date %q terms %q filters %q not %q, want %q %q %q %q", tt.in,
				p.Date, p.Terms, p.Filters, p.Not, tt.date, tt.terms, tt.filters, tt.not)
		}
	}
}

func TestParseYearly(t *testing.T) {
	tests := []struct {
		in     string
		yearly []Yearly
		terms  []string
	}{
		{"august", []Yearly{{"08", 801, 901}}, nil},
		{"May", []Yearly{{"05", 501, 601}}, nil},
		{"december", []Yearly{{"12", 1201, 101}}, nil},
		{"8월", []Yearly{{"08", 801, 901}}, nil},
		{"8월에 찍은", []Yearly{{"08", 801, 901}}, nil},
		{"8월 3일", []Yearly{{"08-03", 803, 804}}, nil},
		{"8월3일", []Yearly{{"08-03", 803, 804}}, nil},
		{"aug 3rd", []Yearly{{"08-03", 803, 804}}, nil},
		{"3 august", []Yearly{{"08-03", 803, 804}}, nil},
		{"december 31", []Yearly{{"12-31", 1231, 101}}, nil},
		{"feb 29", []Yearly{{"02-29", 229, 301}}, nil},
		{"summer", []Yearly{{"summer", 601, 901}}, nil},
		{"겨울", []Yearly{{"winter", 1201, 301}}, nil},
		{"크리스마스", []Yearly{{"christmas", 1224, 1226}}, nil},
		{"summer august", []Yearly{{"summer", 601, 901}, {"08", 801, 901}}, nil},
		{"8월 3일 canon", []Yearly{{"08-03", 803, 804}}, []string{"canon"}},
		{"13월", nil, []string{"13월"}},
		{"feb 30", nil, []string{"feb", "30"}},
		{"jan", nil, []string{"jan"}},
	}
	for _, tt := range tests {
		p := Parse(tt.in, testNow)
		if !slices.Equal(p.Yearly, tt.yearly) || !slices.Equal(p.Terms, tt.terms) || p.HasDate() {
			t.Errorf("Parse(%q) = yearly %v terms %q date %q, want %v %q none", tt.in, p.Yearly, p.Terms, p.Date,
				tt.yearly, tt.terms)
		}
	}
}

func TestYearlyContains(t *testing.T) {
	winter, _ := seasonNamed("winter")
	for md, want := range map[int]bool{1130: false, 1201: true, 1231: true, 101: true, 228: true, 229: true, 301: false} {
		if got := winter.contains(md); got != want {
			t.Errorf("winter.contains(%d) = %v, want %v", md, got, want)
		}
	}
}

func TestParseIgnored(t *testing.T) {
	p := Parse("show me photos from 2015년 8월에 찍은 사진", testNow)
	want := []string{"show", "me", "photos", "from", "에", "찍은", "사진"}
	if !slices.Equal(p.Ignored, want) || p.Terms != nil {
		t.Errorf("Ignored = %q, Terms = %q; want %q, none", p.Ignored, p.Terms, want)
	}
}

func TestParseNowLocation(t *testing.T) {
	// 2026-11-25 23:30 in Seoul is still the 25th there although it is the 25th 14:30 in UTC; and 00:30 on the
	// 26th in Seoul makes "yesterday" the 25th.
	seoul := time.FixedZone("KST", 9*3600)
	now := time.Date(2026, 11, 26, 0, 30, 0, 0, seoul)
	if got := Parse("어제", now).Date; got != "2026-11-25" {
		t.Errorf("Parse(어제) at %v = %q, want 2026-11-25", now, got)
	}
}

func TestSpanLabel(t *testing.T) {
	tests := []struct {
		from, to, want string
	}{
		{"2015-01-01", "2016-01-01", "2015"},
		{"2015-08-01", "2015-09-01", "2015-08"},
		{"2015-08-03", "2015-08-04", "2015-08-03"},
		{"2015-01-01", "2018-01-01", "2015..2017"},
		{"2015-08-03", "2015-08-10", "2015-08-03..2015-08-09"},
		{"2015-12-01", "2016-02-01", "2015-12..2016-01"},
		{"", "2010-01-01", "..2009"},
		{"2020-01-01", "", "2020.."},
		{"2016-01-01", "2015-01-01", "none"},
		{"", "", ""},
	}
	for _, tt := range tests {
		s := span{d(t, tt.from), d(t, tt.to)}
		if got := s.label(); got != tt.want {
			t.Errorf("span[%s, %s).label() = %q, want %q", tt.from, tt.to, got, tt.want)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	for b.Loop() {
		Parse("show me canon photos from 2015년 8월 3일 -screenshot label:강아지", testNow)
	}
}

func TestParseKoreanAndBoolean(t *testing.T) {
	tests := []struct {
		in      string
		terms   []string
		filters []Filter
		any     [][]Filter
		not     []string
	}{
		{"강아지랑 고양이", []string{"강아지", "고양이"}, nil, nil, nil},
		{"강아지와 고양이", []string{"강아지", "고양이"}, nil, nil, nil},
		{"강아지 하고 고양이", []string{"강아지", "고양이"}, nil, nil, nil},
		{"dog and cat", []string{"dog", "cat"}, nil, nil, nil},
		{"제주에서 엄마가 찍은 사진", []string{"제주", "엄마"}, nil, nil, nil},
		{"바다의 고양이들", []string{"바다", "고양이"}, nil, nil, nil},
		{"dog OR cat", nil, nil, [][]Filter{{{"", "dog"}, {"", "cat"}}}, nil},
		{"(dog or cat) beach", []string{"beach"}, nil, [][]Filter{{{"", "dog"}, {"", "cat"}}}, nil},
		{"강아지 또는 고양이 또는 label:bird", nil, nil,
			[][]Filter{{{"", "강아지"}, {"", "고양이"}, {"label", "bird"}}}, nil},
		{"or dog", []string{"dog"}, nil, nil, nil},
		{"dog or", []string{"dog"}, nil, nil, nil},
		{"dog NOT cat", []string{"dog"}, nil, nil, []string{"cat"}},
		{"dog -label:cat", []string{"dog"}, nil, nil, []string{"label:cat"}},
		{"강아지 고양이 빼고", []string{"강아지"}, nil, nil, []string{"고양이"}},
		{"스크린샷 제외", nil, nil, nil, []string{"스크린샷"}},
		{"place:제주에서 person:엄마 album:여행 people:지수", nil,
			[]Filter{{"place", "제주"}, {"person", "엄마"}, {"album", "여행"}, {"person", "지수"}}, nil, nil},
		{"near:37.5,127.0,5 dog", []string{"dog"}, nil, nil, nil},
	}
	for _, tt := range tests {
		p := Parse(tt.in, testNow)
		if !slices.Equal(p.Terms, tt.terms) || !slices.Equal(p.Filters, tt.filters) || !slices.Equal(p.Not, tt.not) ||
			!slices.EqualFunc(p.Any, tt.any, slices.Equal) {
			t.Errorf("Parse(%q) = terms %q filters %q any %q not %q, want %q %q %q %q", tt.in,
				p.Terms, p.Filters, p.Any, p.Not, tt.terms, tt.filters, tt.any, tt.not)
		}
	}
}

func TestParseNear(t *testing.T) {
	tests := []struct {
		in   string
		want *Near
	}{
		{"near:37.56,126.97,5", &Near{37.56, 126.97, 5}},
		{"near:37.56, 126.97, 2.5km dog", &Near{37.56, 126.97, 2.5}},
		{"NEAR:-33.8,151.2", &Near{-33.8, 151.2, defaultNearKm}},
		{"near:91,0,5", nil},
		{"near:abc", nil},
		{"dog", nil},
	}
	for _, tt := range tests {
		p := Parse(tt.in, testNow)
		if (p.Near == nil) != (tt.want == nil) || p.Near != nil && *p.Near != *tt.want {
			t.Errorf("Parse(%q).Near = %+v, want %+v", tt.in, p.Near, tt.want)
		}
	}
}

func TestParseForms(t *testing.T) {
	p := Parse("바다로 강아지랑", testNow)
	if got := p.Forms["바다"]; !slices.Equal(got, []string{"바다로"}) {
		t.Errorf("Forms[바다] = %q, want [바다로]", got)
	}
}
