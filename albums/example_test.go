package albums_test

import (
	"fmt"
	"time"

	"sajin/albums"
)

// ExampleBuild groups a weekend at home and two days in Jeju. With a geocoder in Options.Places the titles
// would start with "Seoul, " and "Jeju, ".
func ExampleBuild() {
	var photos []albums.Photo
	add := func(day, hour, n int, lat, lon float64) {
		for i := range n {
			la, lo := lat, lon
			photos = append(photos, albums.Photo{
				ID:    fmt.Sprintf("%02d-%02d-%d", day, hour, i),
				Taken: time.Date(2015, 8, day, hour, 10*i, 0, 0, time.UTC),
				Lat:   &la, Lon: &lo,
			})
		}
	}
	add(1, 10, 5, 37.5665, 126.9780) // Seoul
	add(2, 14, 5, 37.5665, 126.9780)
	add(8, 9, 3, 37.5665, 126.9780)
	add(3, 11, 5, 33.4996, 126.5312) // Jeju
	add(4, 15, 5, 33.4996, 126.5312)
	for _, a := range albums.Build(photos, albums.Options{}) {
		fmt.Printf("%s %s: %s / %s, %d photos\n", a.Kind, a.ID, a.Title.En, a.Title.Ko, a.Count)
		for _, d := range a.Days {
			fmt.Printf("  %s / %s: %d photos\n", d.Title.En, d.Title.Ko, len(d.Photos))
		}
	}
	// Output:
	// trip trip-2015-08-03: August 2015 / 2015년 8월, 10 photos
	//   3 Aug 2015 / 2015년 8월 3일: 5 photos
	//   4 Aug 2015 / 2015년 8월 4일: 5 photos
	// event event-2015-08-02-14: 2 Aug 2015 / 2015년 8월 2일, 5 photos
	// event event-2015-08-01-10: 1 Aug 2015 / 2015년 8월 1일, 5 photos
}
