package albums

import (
	"testing"

	"sajin/places"
)

func TestRangeTitle(t *testing.T) {
	tests := []struct {
		a, b date
		want Title
	}{
		{date{2015, 8, 3}, date{2015, 8, 3}, Title{"3 Aug 2015", "2015년 8월 3일"}},
		{date{2015, 8, 3}, date{2015, 8, 9}, Title{"3-9 Aug 2015", "2015년 8월 3일~9일"}},
		{date{2015, 7, 30}, date{2015, 8, 2}, Title{"30 Jul - 2 Aug 2015", "2015년 7월 30일~8월 2일"}},
		{date{2015, 12, 30}, date{2016, 1, 2}, Title{"30 Dec 2015 - 2 Jan 2016", "2015년 12월 30일~2016년 1월 2일"}},
	}
	for _, tt := range tests {
		if got := rangeTitle(tt.a, tt.b); got != tt.want {
			t.Errorf("rangeTitle(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestMonthTitle(t *testing.T) {
	tests := []struct {
		a, b date
		want Title
	}{
		{date{2015, 8, 3}, date{2015, 8, 9}, Title{"August 2015", "2015년 8월"}},
		{date{2015, 7, 30}, date{2015, 8, 2}, Title{"July-August 2015", "2015년 7월~8월"}},
		{date{2015, 12, 30}, date{2016, 1, 2}, Title{"December 2015 - January 2016", "2015년 12월~2016년 1월"}},
	}
	for _, tt := range tests {
		if got := monthTitle(tt.a, tt.b); got != tt.want {
			t.Errorf("monthTitle(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestYearsAgo(t *testing.T) {
	tests := []struct {
		n    int
		want Title
	}{{1, Title{"1 year ago", "1년 전"}}, {2, Title{"2 years ago", "2년 전"}}, {10, Title{"10 years ago", "10년 전"}}}
	for _, tt := range tests {
		if got := yearsAgo(tt.n); got != tt.want {
			t.Errorf("yearsAgo(%d) = %v, want %v", tt.n, got, tt.want)
		}
	}
}

// TestPlaceNames names real positions with the real places data, as titles show them.
func TestPlaceNames(t *testing.T) {
	ix := realPlaces(t)
	tests := []struct {
		name          string
		at            LatLon
		city, country Title
	}{
		{"Seoul", seoul, Title{"Seoul", "서울"}, Title{"South Korea", "대한민국"}},
		{"Jeju", jeju, Title{"Jeju", "제주"}, Title{"South Korea", "대한민국"}},
		{"Busan", busan, Title{"Busan", "부산"}, Title{"South Korea", "대한민국"}},
		{"Tokyo", tokyo, Title{"Tokyo", "도쿄"}, Title{"Japan", "일본"}},
		{"Paris", paris, Title{"Paris", "파리"}, Title{"France", "프랑스"}},
		{"New York", newYork, Title{"New York", "뉴욕"}, Title{"United States", "미국"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newGeoCache(ix).at(tt.at.Lat, tt.at.Lon)
			if s == nil || s.City != tt.city || s.Country != tt.country {
				t.Fatalf("at(%v) = %+v, want %v in %v", tt.at, s, tt.city, tt.country)
			}
		})
	}
	if s := newGeoCache(ix).at(0, -30); s != nil {
		t.Errorf("at(0, -30) (the Atlantic) = %+v, want nil", s)
	}
}

func TestPlaceName(t *testing.T) {
	sp := func(city, cc string) *spot {
		return &spot{Key: cc + "//" + city, CC: cc, City: Title{city, city + "-ko"}, Country: Title{cc, cc + "-ko"}}
	}
	rep := func(s *spot, n int) []*spot {
		out := make([]*spot, n)
		for i := range out {
			out[i] = s
		}
		return out
	}
	tokyo, osaka, kyoto := sp("Tokyo", "JP"), sp("Osaka", "JP"), sp("Kyoto", "JP")
	tests := []struct {
		name  string
		spots []*spot
		want  *Title
	}{
		{"none", nil, nil},
		{"unnamed", []*spot{nil, nil}, nil},
		{"one city", append(rep(tokyo, 5), rep(osaka, 4)...), &Title{"Tokyo", "Tokyo-ko"}},
		{"two cities", append(append(rep(tokyo, 4), rep(osaka, 4)...), kyoto), &Title{"Osaka & Tokyo", "Osaka-ko·Tokyo-ko"}},
		{"country", append(append(rep(tokyo, 3), rep(osaka, 3)...), rep(kyoto, 3)...), &Title{"JP", "JP-ko"}},
	}
	for _, tt := range tests {
		got := placeName(tt.spots)
		if (got == nil) != (tt.want == nil) || got != nil && *got != *tt.want {
			t.Errorf("placeName(%s) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestDisplayCity checks the " City" rule.
func TestDisplayCity(t *testing.T) {
	tests := []struct{ city, cc, want string }{
		{"Jeju City", "KR", "Jeju"}, {"New York City", "US", "New York"}, {"Mexico City", "MX", "Mexico City"},
		{"Quezon City", "PH", "Quezon City"}, {"Seoul", "KR", "Seoul"},
	}
	for _, tt := range tests {
		if got := displayCity(places.Place{City: tt.city, CountryCode: tt.cc}); got != tt.want {
			t.Errorf("displayCity(%q, %s) = %q, want %q", tt.city, tt.cc, got, tt.want)
		}
	}
}

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"KR/Jeju-do/Jeju City", "kr-jeju-do-jeju-city"},
		{"pet", "pet"},
		{"São Paulo", "s-o-paulo-"},
	}
	for _, tt := range tests {
		got := slug(tt.in)
		if tt.want[len(tt.want)-1] == '-' {
			if len(got) != len(tt.want)+8 || got[:len(tt.want)] != tt.want {
				t.Errorf("slug(%q) = %q, want %q and a hash", tt.in, got, tt.want)
			}
			continue
		}
		if got != tt.want {
			t.Errorf("slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
