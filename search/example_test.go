package search_test

import (
	"context"
	"fmt"
	"time"

	"sajin/search"
)

func ExampleParse() {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	for _, q := range []string{"canon august 2015", "작년에 찍은 강아지 사진", "iphone after 2019 -screenshot"} {
		p := search.Parse(q, now)
		fmt.Printf("%q: date %q [%s, %s) terms %q not %q\n", q, p.Date,
			p.From.Format("2006-01-02"), p.To.Format("2006-01-02"), p.Terms, p.Not)
	}
	// Output:
	// "canon august 2015": date "2015-08" [2015-08-01, 2015-09-01) terms ["canon"] not []
	// "작년에 찍은 강아지 사진": date "2025" [2025-01-01, 2026-01-01) terms ["강아지"] not []
	// "iphone after 2019 -screenshot": date "2020.." [2020-01-01, 0001-01-01) terms ["iphone"] not ["screenshot"]
}

func ExampleIndex_Search() {
	ctx := context.Background()
	ix, err := search.Open("", search.Options{}) // in memory
	if err != nil {
		panic(err)
	}
	defer ix.Close()
	err = ix.Put(ctx,
		search.Doc{ID: "1", Taken: time.Date(2015, 8, 3, 8, 15, 0, 0, time.UTC), Make: "Canon",
			Model: "Canon EOS 5D Mark IV", FileName: "IMG_1234.JPG"},
		search.Doc{ID: "2", Taken: time.Date(2016, 1, 2, 10, 0, 0, 0, time.UTC), Make: "Apple",
			Model: "iPhone 6", FileName: "IMG_0001.JPG"},
		search.Doc{ID: "3", Make: "Canon", Model: "Canon EOS 5D", FileName: "scan.jpg"})
	if err != nil {
		panic(err)
	}
	for _, q := range []string{"", "eos", "img_1234 2015-08"} {
		res, err := ix.Search(ctx, search.Request{Query: q})
		if err != nil {
			panic(err)
		}
		fmt.Printf("%q: %d hits\n", q, res.Total)
		for _, h := range res.Hits {
			fmt.Printf("  %s %s %q\n", h.ID, h.Taken.Format("2006-01-02"), h.Why)
		}
	}
	// Output:
	// "": 3 hits
	//   2 2016-01-02 []
	//   1 2015-08-03 []
	//   3 0001-01-01 []
	// "eos": 2 hits
	//   1 2015-08-03 ["camera:eos"]
	//   3 0001-01-01 ["camera:eos"]
	// "img_1234 2015-08": 1 hits
	//   1 2015-08-03 ["date:2015-08" "file:img_1234"]
}
